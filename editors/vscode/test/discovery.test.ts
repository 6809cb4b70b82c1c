import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import {
  bundledServer,
  describeSource,
  type Environment,
  findServer,
  formatCommandLine,
  isBareName,
  isExecutableFile,
  nodeEnvironment,
  normalizeArgs,
  pathDirs,
  pathExts,
  quoteForCmd,
  spawnCommand,
  withExtensions,
} from '../src/discovery';

function fakeEnv(platform: NodeJS.Platform, env: Record<string, string>, files: string[], baseDir?: string, bundledDir?: string): Environment {
  const set = new Set(files);
  return {
    platform,
    env,
    homedir: platform === 'win32' ? 'C:\\Users\\jane' : '/home/jane',
    ...(baseDir !== undefined ? { baseDir } : {}),
    ...(bundledDir !== undefined ? { bundledDir } : {}),
    isExecutable: (f) => set.has(f),
  };
}

describe('PATH search (POSIX)', () => {
  it('finds ties in the first PATH folder that has it', () => {
    const env = fakeEnv('linux', { PATH: '/usr/local/bin::/home/jane/.cargo/bin:/usr/bin' }, ['/home/jane/.cargo/bin/ties', '/usr/bin/ties']);
    const d = findServer({ path: '', args: [] }, env);
    assert.equal(d.found, true);
    assert.ok(d.found);
    assert.equal(d.command, '/home/jane/.cargo/bin/ties');
    assert.deepEqual(d.args, ['lsp']);
    assert.equal(d.shell, false);
    assert.equal(d.tried.source, 'path');
    assert.deepEqual(d.tried.searched, ['/usr/local/bin', '/home/jane/.cargo/bin', '/usr/bin']);
    assert.deepEqual(d.tried.candidates, ['/usr/local/bin/ties', '/home/jane/.cargo/bin/ties']);
  });

  it('reports every folder searched when ties is missing', () => {
    const d = findServer({ path: undefined, args: undefined }, fakeEnv('linux', { PATH: '/a:/b' }, []));
    assert.equal(d.found, false);
    assert.deepEqual(d.tried, { source: 'path', name: 'ties', searched: ['/a', '/b'], candidates: ['/a/ties', '/b/ties'] });
  });

  it('copes with no PATH at all', () => {
    const d = findServer({ path: '', args: [] }, fakeEnv('linux', {}, []));
    assert.equal(d.found, false);
    assert.deepEqual(d.tried.searched, []);
  });

  it('puts ties.server.args before lsp, dropping what is not a string', () => {
    const d = findServer({ path: '', args: ['--no-cache', 3, '--today', '2026-11-26', null] }, fakeEnv('linux', { PATH: '/bin' }, ['/bin/ties']));
    assert.ok(d.found);
    assert.deepEqual(d.args, ['--no-cache', '--today', '2026-11-26', 'lsp']);
    assert.deepEqual(normalizeArgs('--no-cache'), []);
  });
});

describe('ties.server.path', () => {
  it('uses an absolute path as is, without a PATH search', () => {
    const d = findServer({ path: '/opt/ties/bin/ties', args: ['-v'] }, fakeEnv('linux', { PATH: '/bin' }, ['/opt/ties/bin/ties', '/bin/ties']));
    assert.ok(d.found);
    assert.equal(d.command, '/opt/ties/bin/ties');
    assert.deepEqual(d.args, ['-v', 'lsp']);
    assert.deepEqual(d.tried, { source: 'setting', setting: '/opt/ties/bin/ties', searched: [], candidates: ['/opt/ties/bin/ties'] });
  });

  it('does not fall back to PATH when the setting points nowhere', () => {
    const d = findServer({ path: ' /nope/ties ', args: [] }, fakeEnv('linux', { PATH: '/bin' }, ['/bin/ties']));
    assert.equal(d.found, false);
    assert.deepEqual(d.tried, { source: 'setting', setting: '/nope/ties', searched: [], candidates: ['/nope/ties'] });
  });

  it('resolves a relative path against the first workspace folder', () => {
    const d = findServer({ path: 'target/debug/ties', args: [] }, fakeEnv('linux', {}, ['/work/ties/target/debug/ties'], '/work/ties'));
    assert.ok(d.found);
    assert.equal(d.command, '/work/ties/target/debug/ties');
  });

  it('expands ~', () => {
    const d = findServer({ path: '~/.cargo/bin/ties', args: [] }, fakeEnv('linux', {}, ['/home/jane/.cargo/bin/ties']));
    assert.ok(d.found);
    assert.equal(d.command, '/home/jane/.cargo/bin/ties');
  });

  it('looks a bare name up on PATH', () => {
    const d = findServer({ path: 'ties-dev', args: [] }, fakeEnv('linux', { PATH: '/a:/b' }, ['/b/ties-dev', '/a/ties']));
    assert.ok(d.found);
    assert.equal(d.command, '/b/ties-dev');
    assert.equal(d.tried.source, 'setting');
    assert.equal(d.tried.setting, 'ties-dev');
    assert.equal(d.tried.name, 'ties-dev');
    assert.ok(isBareName('ties', 'linux'));
    assert.ok(!isBareName('./ties', 'linux'));
    assert.ok(!isBareName('bin\\ties', 'win32'));
    assert.ok(isBareName('bin\\ties', 'linux'));
  });

  it('ignores a setting that is not a string', () => {
    const d = findServer({ path: 42, args: [] }, fakeEnv('linux', { PATH: '/bin' }, ['/bin/ties']));
    assert.ok(d.found);
    assert.equal(d.tried.source, 'path');
  });
});

describe('the server bundled with the extension', () => {
  const ext = '/home/jane/.vscode/extensions/ties-notes.ties-0.1.0-linux-x64/server';

  it('comes after ties.server.path and before PATH', () => {
    const files = [`${ext}/ties`, '/usr/bin/ties', '/opt/ties'];
    const bundled = findServer({ path: '', args: [] }, fakeEnv('linux', { PATH: '/usr/bin' }, files, undefined, ext));
    assert.ok(bundled.found);
    assert.equal(bundled.command, `${ext}/ties`);
    assert.deepEqual(bundled.args, ['lsp']);
    assert.deepEqual(bundled.tried, { source: 'bundled', searched: [], candidates: [`${ext}/ties`] });
    assert.equal(describeSource(bundled.tried), 'bundled with the extension');

    const setting = findServer({ path: '/opt/ties', args: [] }, fakeEnv('linux', { PATH: '/usr/bin' }, files, undefined, ext));
    assert.ok(setting.found);
    assert.equal(setting.command, '/opt/ties');
    assert.equal(describeSource(setting.tried), 'from ties.server.path');
  });

  it('falls back to PATH when the extension has none (the universal .vsix), listing what it checked', () => {
    const d = findServer({ path: '', args: [] }, fakeEnv('linux', { PATH: '/usr/bin' }, ['/usr/bin/ties'], undefined, ext));
    assert.ok(d.found);
    assert.equal(d.command, '/usr/bin/ties');
    assert.deepEqual(d.tried, { source: 'path', name: 'ties', searched: ['/usr/bin'], candidates: [`${ext}/ties`, '/usr/bin/ties'] });
    assert.equal(describeSource(d.tried), 'found on PATH');

    const none = findServer({ path: '', args: [] }, fakeEnv('linux', { PATH: '/usr/bin' }, [], undefined, ext));
    assert.equal(none.found, false);
    assert.deepEqual(none.tried.candidates, [`${ext}/ties`, '/usr/bin/ties']);
  });

  it('is ties.exe on Windows, without a PATHEXT search', () => {
    const winExt = 'C:\\Users\\jane\\.vscode\\extensions\\ties-win32-x64\\server';
    assert.equal(bundledServer(winExt, 'win32'), `${winExt}\\ties.exe`);
    const d = findServer({ path: '', args: [] }, fakeEnv('win32', { Path: 'C:\\bin' }, [`${winExt}\\ties.exe`, 'C:\\bin\\ties.EXE'], undefined, winExt));
    assert.ok(d.found);
    assert.equal(d.command, `${winExt}\\ties.exe`);
    assert.equal(d.shell, false);
  });
});

describe('Windows', () => {
  const env = { Path: 'C:\\Windows\\system32;"C:\\Program Files\\ties";', PATHEXT: '.COM;.EXE;.BAT;.CMD' };

  it('reads Path case-insensitively, unquotes folders and tries PATHEXT in order', () => {
    assert.deepEqual(pathDirs(env, 'win32'), ['C:\\Windows\\system32', 'C:\\Program Files\\ties']);
    const d = findServer({ path: '', args: [] }, fakeEnv('win32', env, ['C:\\Program Files\\ties\\ties.EXE']));
    assert.ok(d.found);
    assert.equal(d.command, 'C:\\Program Files\\ties\\ties.EXE');
    assert.equal(d.shell, false);
    assert.deepEqual(d.tried.candidates, [
      'C:\\Windows\\system32\\ties.COM',
      'C:\\Windows\\system32\\ties.EXE',
      'C:\\Windows\\system32\\ties.BAT',
      'C:\\Windows\\system32\\ties.CMD',
      'C:\\Program Files\\ties\\ties.COM',
      'C:\\Program Files\\ties\\ties.EXE',
    ]);
  });

  it('runs a .cmd wrapper through a shell, quoted', () => {
    const d = findServer({ path: '', args: ['--log-file', 'C:\\My Logs\\ties.log'] }, fakeEnv('win32', env, ['C:\\Program Files\\ties\\ties.CMD']));
    assert.ok(d.found);
    assert.equal(d.shell, true);
    assert.deepEqual(spawnCommand(d), {
      command: '"C:\\Program Files\\ties\\ties.CMD"',
      args: ['--log-file', '"C:\\My Logs\\ties.log"', 'lsp'],
      shell: true,
    });
    assert.equal(quoteForCmd('say "hi"'), '"say ""hi"""');
    assert.equal(quoteForCmd('plain'), 'plain');
  });

  it('spawns an .exe directly, unquoted', () => {
    const d = findServer({ path: '', args: [] }, fakeEnv('win32', env, ['C:\\Program Files\\ties\\ties.EXE']));
    assert.ok(d.found);
    assert.deepEqual(spawnCommand(d), { command: 'C:\\Program Files\\ties\\ties.EXE', args: ['lsp'], shell: false });
  });

  it('uses a default PATHEXT', () => {
    assert.deepEqual(pathExts({}, 'win32'), ['.COM', '.EXE', '.BAT', '.CMD']);
    assert.deepEqual(pathExts({ PATHEXT: '.EXE' }, 'linux'), ['']);
  });

  it('tries a setting as is when it has an extension, else with each extension', () => {
    assert.deepEqual(withExtensions('C:\\t\\ties.exe', { PATHEXT: '.EXE;.CMD' }, 'win32'), ['C:\\t\\ties.exe', 'C:\\t\\ties.exe.EXE', 'C:\\t\\ties.exe.CMD']);
    assert.deepEqual(withExtensions('C:\\t\\ties', { PATHEXT: '.EXE;.CMD' }, 'win32'), ['C:\\t\\ties.EXE', 'C:\\t\\ties.CMD']);
    const d = findServer({ path: 'C:\\tools\\ties', args: [] }, fakeEnv('win32', env, ['C:\\tools\\ties.EXE']));
    assert.ok(d.found);
    assert.equal(d.command, 'C:\\tools\\ties.EXE');
  });

  it('expands ~\\ and resolves relative paths with Windows rules', () => {
    const d = findServer({ path: '~\\.cargo\\bin\\ties.exe', args: [] }, fakeEnv('win32', env, ['C:\\Users\\jane\\.cargo\\bin\\ties.exe']));
    assert.ok(d.found);
    const r = findServer({ path: 'target\\debug\\ties.exe', args: [] }, fakeEnv('win32', env, ['D:\\src\\ties\\target\\debug\\ties.exe'], 'D:\\src\\ties'));
    assert.ok(r.found);
  });
});

describe('on this machine', { skip: process.platform === 'win32' }, () => {
  it('checks that a file is executable', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ties-discovery-'));
    try {
      const file = path.join(dir, 'ties');
      fs.writeFileSync(file, '#!/bin/sh\n');
      fs.chmodSync(file, 0o644);
      const check = isExecutableFile('linux');
      // Even root needs an x bit for access(X_OK) on a file.
      assert.equal(check(file), false, 'no x bit');
      fs.chmodSync(file, 0o755);
      assert.equal(check(file), true);
      assert.equal(check(dir), false, 'a folder is not the server');
      assert.equal(check(path.join(dir, 'missing')), false);

      const env = nodeEnvironment();
      const d = findServer({ path: '', args: [] }, { ...env, env: { PATH: `${path.join(dir, 'nope')}:${dir}` } });
      assert.ok(d.found);
      assert.equal(d.command, file);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('formatCommandLine', () => {
  it('quotes only what needs it', () => {
    assert.equal(formatCommandLine('/usr/bin/ties', ['--no-cache', 'lsp']), '/usr/bin/ties --no-cache lsp');
    assert.equal(formatCommandLine('C:\\Program Files\\ties\\ties.exe', ['--log-file', '', 'lsp']), '"C:\\Program Files\\ties\\ties.exe" --log-file "" lsp');
  });
});
