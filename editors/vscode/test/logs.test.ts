import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { plainLogLine, serverLogLevel } from '../src/logs';

describe('serverLogLevel', () => {
  it('reads the level of the server log lines', () => {
    assert.equal(serverLogLevel(' INFO ties::lsp::server: indexed 66 notes in /v'), 'info');
    assert.equal(serverLogLevel('2026-11-26T08:18:00.123456Z  WARN ties::lsp: setting today = "x" is not a date'), 'warn');
    assert.equal(serverLogLevel('DEBUG ties::store: warm start'), 'debug');
    assert.equal(serverLogLevel('\x1b[2m2026-11-26T08:18:00Z\x1b[0m \x1b[32m TRACE\x1b[0m ties: x'), 'trace');
    assert.equal(serverLogLevel(' ERROR ties::lsp: the cache is damaged'), 'error');
  });

  it('counts anything else as an error', () => {
    assert.equal(serverLogLevel("error: unrecognized subcommand 'lsp'"), 'error');
    assert.equal(serverLogLevel("thread 'main' panicked at src/main.rs:1:1:"), 'error');
    assert.equal(serverLogLevel('an INFO line of a panic message'), 'error');
  });

  it('strips colours and the leading blank', () => {
    assert.equal(plainLogLine('\x1b[32m INFO\x1b[0m ties: x'), 'INFO ties: x');
  });
});
