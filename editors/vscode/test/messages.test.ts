import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { INSTALL_COMMAND, INSTALL_URL } from '../src/constants';
import { crashedMessage, errorText, notFoundMessage, RestartBudget, shortList, startFailedMessage } from '../src/messages';

describe('messages', () => {
  it('says which PATH folders were searched and how to install', () => {
    const m = notFoundMessage({ source: 'path', name: 'ties', searched: ['/a', '/b', '/c', '/d', '/e', '/f'], candidates: [] });
    assert.equal(
      m,
      'ties: the language server was not found: looked for "ties" on PATH (searched 6 folders: /a, /b, /c, /d and 2 more). ' +
        'Install it with "cargo install --path ." from a checkout of ties, or set ties.server.path to the binary.',
    );
    assert.ok(m.includes(INSTALL_COMMAND));
  });

  it('says when PATH is empty', () => {
    assert.match(notFoundMessage({ source: 'path', name: 'ties', searched: [], candidates: [] }), /on PATH \(PATH is empty\)/);
  });

  it('quotes the setting when it points nowhere', () => {
    const m = notFoundMessage({ source: 'setting', setting: '~/bin/ties', searched: [], candidates: ['/home/jane/bin/ties'] });
    assert.equal(
      m,
      'ties: the language server was not found: ties.server.path is "~/bin/ties". Install it with "cargo install --path ." from a checkout of ties, or fix ties.server.path.',
    );
    const w = notFoundMessage({ source: 'setting', setting: 'C:\\t\\ties', searched: [], candidates: ['C:\\t\\ties.EXE', 'C:\\t\\ties.CMD'] });
    assert.match(w, /ties.server.path is "C:\\t\\ties" \(checked C:\\t\\ties.EXE, C:\\t\\ties.CMD\)/);
  });

  it('says a bare name in the setting was looked up on PATH', () => {
    const m = notFoundMessage({ source: 'setting', setting: 'ties-dev', name: 'ties-dev', searched: ['/bin'], candidates: ['/bin/ties-dev'] });
    assert.match(m, /ties.server.path is "ties-dev", looked up on PATH \(searched 1 folder: \/bin\)/);
  });

  it('says what failed to start and why', () => {
    const m = startFailedMessage('/usr/bin/ties lsp', { source: 'path', name: 'ties', searched: ['/usr/bin'], candidates: ['/usr/bin/ties'] }, new Error('spawn EACCES.'));
    assert.equal(
      m,
      'ties: the language server failed to start: /usr/bin/ties lsp (found on PATH): spawn EACCES. It must be a ties binary with the "lsp" command. ' +
        'Install it with "cargo install --path ." from a checkout of ties, or set ties.server.path. The output "ties" has the details.',
    );
  });

  it('counts the stops', () => {
    assert.match(crashedMessage(4, 3), /stopped 4 times in 3 minutes/);
  });

  it('reads error messages of any kind', () => {
    assert.equal(errorText(new Error('boom.')), 'boom');
    assert.equal(errorText({ message: 'no contact at that position' }), 'no contact at that position');
    assert.equal(errorText('plain'), 'plain');
    assert.equal(errorText(''), 'unknown error');
  });

  it('cuts long lists', () => {
    assert.equal(shortList(['a', 'b']), 'a, b');
    assert.equal(shortList(['a', 'b', 'c'], 2), 'a, b and 1 more');
  });

  it('has one install URL', () => {
    assert.equal(INSTALL_URL, 'https://github.com/ties-notes/ties#install');
  });
});

describe('RestartBudget', () => {
  it('allows a few restarts within the window, then refuses', () => {
    const b = new RestartBudget(3, 60_000);
    assert.equal(b.record(0), true);
    assert.equal(b.record(1_000), true);
    assert.equal(b.record(2_000), true);
    assert.equal(b.record(3_000), false);
    assert.equal(b.count, 4);
    b.reset();
    assert.equal(b.record(4_000), true);
  });

  it('forgets stops older than the window', () => {
    const b = new RestartBudget(1, 60_000);
    assert.equal(b.record(0), true);
    assert.equal(b.record(61_000), true);
    assert.equal(b.record(62_000), false);
  });
});
