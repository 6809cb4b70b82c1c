#!/usr/bin/env node
// For the end-to-end test only: runs the real `ties lsp` and passes every message through, but
// answers the view commands the server does not list yet (ties.contacts, ties.plan, ties.intro,
// ties.graph) from editors/fixtures/server-commands.json, in the shapes README.md documents.
// Once the server lists a command, its own answer goes through untouched.
//
//   serve-with-fixtures.mjs <ties binary> [args...] lsp
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const [bin, ...args] = process.argv.slice(2);
const fixtures = JSON.parse(fs.readFileSync(path.join(here, '../../fixtures/server-commands.json'), 'utf8'));
let vault = '';
const server = spawn(bin, args, { stdio: ['pipe', 'pipe', 'inherit'] });
server.on('exit', (code) => process.exit(code ?? 1));

/** Splits a stream of `Content-Length` framed messages. */
function reader(stream, onMessage) {
  let buf = Buffer.alloc(0);
  stream.on('data', (chunk) => {
    buf = Buffer.concat([buf, chunk]);
    for (;;) {
      const end = buf.indexOf('\r\n\r\n');
      if (end < 0) return;
      const m = /Content-Length: *(\d+)/i.exec(buf.subarray(0, end).toString('ascii'));
      const len = m ? Number(m[1]) : 0;
      if (buf.length < end + 4 + len) return;
      const body = buf.subarray(end + 4, end + 4 + len).toString('utf8');
      buf = buf.subarray(end + 4 + len);
      onMessage(JSON.parse(body));
    }
  });
}

function write(stream, message) {
  const body = Buffer.from(JSON.stringify(message), 'utf8');
  stream.write(`Content-Length: ${body.length}\r\n\r\n`);
  stream.write(body);
}

/** `{vault}` in the fixtures is the first workspace folder's URI. */
function answer(command, argsOf) {
  const text = JSON.stringify(fixtures[command] ?? null).replaceAll('{vault}', vault);
  const value = JSON.parse(text);
  return command === 'ties.intro' ? (value[String(argsOf?.[0] ?? '').toLowerCase()] ?? []) : value;
}

const initializeIds = new Set();
let added = [];
reader(process.stdin, (m) => {
  if (m.method === 'initialize') {
    initializeIds.add(m.id);
    vault = (m.params.workspaceFolders?.[0]?.uri ?? m.params.rootUri ?? '').replace(/\/$/, '');
  }
  if (m.method === 'workspace/executeCommand' && added.includes(m.params.command)) {
    write(process.stdout, { jsonrpc: '2.0', id: m.id, result: answer(m.params.command, m.params.arguments) });
    return;
  }
  write(server.stdin, m);
});
reader(server.stdout, (m) => {
  if (initializeIds.has(m.id) && m.result) {
    const provider = (m.result.capabilities.executeCommandProvider ??= { commands: [] });
    added = Object.keys(fixtures).filter((c) => !provider.commands.includes(c));
    provider.commands.push(...added);
    process.stderr.write(`serve-with-fixtures: answering ${added.join(', ') || 'nothing'} from fixtures\n`);
  }
  write(process.stdout, m);
});
process.stdin.on('end', () => server.stdin.end());
