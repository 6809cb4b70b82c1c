// Checks a platform-specific .vsix as VS Code would install it: unpacked, its manifest names the
// platform, server/ties is there and executable, discovery picks it with no setting and nothing
// on PATH, and it answers `--version` and `initialize`. Needs TIES_VSIX (the .vsix, from
// `npm run package -- --target <platform>`) and the `unzip` command; skipped without TIES_VSIX.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { findServer, nodeEnvironment } from '../src/discovery';
import { LspProcess, within } from '../testkit/lsp';

const vsix = process.env.TIES_VSIX;
const root = path.resolve(__dirname, __dirname.includes(`${path.sep}out${path.sep}`) ? '../..' : '..');
const version = (JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string }).version;

describe('a platform-specific .vsix', { skip: vsix ? false : 'TIES_VSIX is not set' }, () => {
  let dir: string;
  let extension: string;
  let platform: string;

  before(() => {
    const file = path.resolve(vsix ?? '');
    platform = new RegExp(`^ties-(.+)-${version.replace(/\./g, '\\.')}\\.vsix$`).exec(path.basename(file))?.[1] ?? '';
    assert.ok(platform !== '', `${file} is not named ties-<platform>-${version}.vsix`);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ties-vsix-'));
    const unzip = spawnSync('unzip', ['-q', file, '-d', dir], { encoding: 'utf8' });
    assert.equal(unzip.status, 0, `unzip ${file}: ${unzip.error?.message ?? unzip.stderr}`);
    extension = path.join(dir, 'extension');
  });

  after(() => {
    if (dir !== undefined) {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('names its platform in the manifest', () => {
    const manifest = fs.readFileSync(path.join(dir, 'extension.vsixmanifest'), 'utf8');
    assert.match(manifest, new RegExp(`TargetPlatform="${platform}"`));
  });

  it('carries an executable server that discovery picks with no setting and an empty PATH', () => {
    const exe = platform.startsWith('win32-') ? 'ties.exe' : 'ties';
    const server = path.join(extension, 'server', exe);
    assert.ok(fs.statSync(server).isFile(), `no ${server}`);
    const empty = path.join(dir, 'empty-bin');
    fs.mkdirSync(empty);
    const env = { ...nodeEnvironment(undefined, path.join(extension, 'server')), env: { ...process.env, PATH: empty } };
    const d = findServer({ path: '', args: [] }, env);
    assert.ok(d.found, JSON.stringify(d.tried));
    assert.equal(d.tried.source, 'bundled');
    assert.equal(d.command, server);
  });

  it('runs: --version names this version, a commit and the cache format', { skip: platformMismatch() }, () => {
    const server = path.join(extension, 'server', process.platform === 'win32' ? 'ties.exe' : 'ties');
    const r = spawnSync(server, ['--version'], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.error?.message ?? r.stderr);
    const lines = r.stdout.trim().split('\n');
    assert.equal(lines[0], `ties ${version}`);
    assert.match(r.stdout, /^commit: [0-9a-f]{7,}$/m);
    assert.match(r.stdout, /^cache format: ties .* facts v\d+, schema \d+$/m);
  });

  it('answers initialize as ties', { skip: platformMismatch() }, async () => {
    const server = new LspProcess(path.join(extension, 'server', process.platform === 'win32' ? 'ties.exe' : 'ties'), ['--no-cache', 'lsp']);
    try {
      const init = (await within(server.request('initialize', { processId: process.pid, rootUri: null, capabilities: {} }), 10_000, 'initialize')) as {
        serverInfo?: { name?: string; version?: string };
      };
      assert.equal(init.serverInfo?.name, 'ties');
    } finally {
      server.proc.kill();
      await server.exited;
    }
  });
});

/** The server can run here only when the .vsix is for this machine's platform. */
function platformMismatch(): string | false {
  const here = `${process.platform}-${process.arch}`;
  const name = path.basename(vsix ?? '');
  return name.startsWith(`ties-${here}-`) ? false : `the .vsix is not for ${here}`;
}
