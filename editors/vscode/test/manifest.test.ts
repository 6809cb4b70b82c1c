// Checks package.json against the code and, in a checkout of ties, against the server's source.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { SERVER_COMMANDS } from '../src/constants';
import { SERVER_SETTINGS, UNKNOWN_MENTIONS } from '../src/settings';

/** editors/vscode, from out/test (compiled) or test (sources). */
const root = path.resolve(__dirname, __dirname.includes(`${path.sep}out${path.sep}`) ? '../..' : '..');
const repo = path.resolve(root, '../..');

interface Property {
  type: string;
  default: unknown;
  enum?: string[];
  items?: { type: string };
}

interface Manifest {
  name: string;
  version: string;
  main: string;
  engines: { vscode: string };
  activationEvents: string[];
  contributes: {
    commands: { command: string; title: string }[];
    configuration: { properties: Record<string, Property> };
  };
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
}

const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as Manifest;
const properties = manifest.contributes.configuration.properties;

describe('package.json', () => {
  it('declares the server settings as ties.*, besides ties.server.*', () => {
    const keys = Object.keys(properties);
    assert.deepEqual(
      keys.filter((k) => k.startsWith('ties.') && !k.startsWith('ties.server.')).map((k) => k.slice('ties.'.length)),
      [...SERVER_SETTINGS],
    );
    assert.deepEqual(
      keys.filter((k) => k.startsWith('ties.server.')),
      ['ties.server.path', 'ties.server.args'],
    );
    assert.ok(keys.every((k) => k.startsWith('ties.')));
  });

  it('gives each setting its type and default', () => {
    assert.deepEqual(properties['ties.unknownMentions'].enum, [...UNKNOWN_MENTIONS]);
    const shapes = Object.fromEntries(Object.entries(properties).map(([k, p]) => [k, [p.type, p.default]]));
    assert.deepEqual(shapes, {
      'ties.server.path': ['string', ''],
      'ties.server.args': ['array', []],
      'ties.today': ['string', ''],
      'ties.unknownMentions': ['string', 'hint'],
      'ties.inlayHints': ['boolean', true],
      'ties.cadence': ['string', ''],
      'ties.peopleDir': ['string', ''],
      'ties.journalDir': ['string', ''],
    });
    assert.equal(properties['ties.server.args'].items?.type, 'string');
  });

  it('has the commands with their titles', () => {
    assert.deepEqual(manifest.contributes.commands, [
      { command: 'ties.restart', title: 'ties: Restart server' },
      { command: 'ties.showFollowUps', title: 'ties: Show follow-ups' },
      { command: 'ties.showHistory', title: 'ties: Show contact history' },
      { command: 'ties.logCatchUp', title: 'ties: Log catch-up today' },
    ]);
  });

  it('activates on Markdown and on a vault, from the bundle', () => {
    assert.deepEqual(manifest.activationEvents, ['onLanguage:markdown', 'workspaceContains:**/ties.toml']);
    assert.equal(manifest.main, './dist/extension.js');
    assert.equal(manifest.engines.vscode, '^1.91.0');
    assert.match(manifest.devDependencies['@types/vscode'], /^~?1\.91\./);
    assert.match(manifest.dependencies['vscode-languageclient'], /^\^11\./);
    assert.equal(manifest.devDependencies['@vscode/vsce'], '3.9.2');
  });

  it('keeps vscode out of the modules that are unit-tested', () => {
    for (const file of ['constants', 'discovery', 'settings', 'followups', 'messages', 'logs']) {
      const text = fs.readFileSync(path.join(root, 'src', `${file}.ts`), 'utf8');
      assert.doesNotMatch(text, /from ['"]vscode(-languageclient[^'"]*)?['"]/, `src/${file}.ts imports vscode`);
    }
  });
});

describe('the server source', () => {
  const state = path.join(repo, 'src/lsp/state.rs');
  const server = path.join(repo, 'src/lsp/server.rs');

  it('reads the same settings', { skip: !fs.existsSync(state) && 'not in a checkout of ties' }, () => {
    const text = fs.readFileSync(state, 'utf8');
    const list = /pub const SETTINGS: &\[&str\] = &\[([^\]]*)\]/.exec(text);
    assert.ok(list, 'SETTINGS not found in src/lsp/state.rs');
    assert.deepEqual([...list[1].matchAll(/"([^"]+)"/g)].map((m) => m[1]), [...SERVER_SETTINGS]);
  });

  it('offers the commands the extension sends', { skip: !fs.existsSync(server) && 'not in a checkout of ties' }, () => {
    const text = fs.readFileSync(server, 'utf8');
    const list = /pub const COMMANDS: &\[&str\] = &\[([^\]]*)\]/.exec(text);
    assert.ok(list, 'COMMANDS not found in src/lsp/server.rs');
    assert.deepEqual([...list[1].matchAll(/"([^"]+)"/g)].map((m) => m[1]).sort(), Object.values(SERVER_COMMANDS).sort());
  });
});
