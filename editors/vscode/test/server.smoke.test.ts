// Runs the real server the way the extension does: found by discovery, `<path> <args...> lsp` on
// stdio. Needs TIES_BIN (the ties binary); skipped without it. Uses the demo vault of a checkout.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { SERVER_COMMANDS, SINCE_FIRST_RELEASE } from '../src/constants';
import { type Discovery, findServer, nodeEnvironment } from '../src/discovery';
import { parseFollowUps, sortFollowUps, toQuickPickItems } from '../src/followups';
import { didChangeConfigurationParams, toServerSettings } from '../src/settings';
import { LspProcess, RpcError, within } from '../testkit/lsp';

const bin = process.env.TIES_BIN;
const root = path.resolve(__dirname, __dirname.includes(`${path.sep}out${path.sep}`) ? '../..' : '..');
const vault = process.env.TIES_VAULT ?? path.resolve(root, '../../examples/notes');
const skip = bin === undefined || bin === '' ? 'TIES_BIN is not set' : !fs.existsSync(vault) ? `no demo vault at ${vault}` : false;
const uri = (file: string) => pathToFileURL(path.join(vault, file)).href;

/** Asks for the follow-ups until `ok` holds (the server indexes in the background). */
async function followUpsUntil(server: LspProcess, ok: (raw: unknown) => boolean): Promise<unknown> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const raw = await server.request('workspace/executeCommand', { command: SERVER_COMMANDS.followUps });
    if (ok(raw) || Date.now() > deadline) {
      return raw;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('the real server', { skip }, () => {
  let discovery: Discovery;
  let server: LspProcess;

  before(() => {
    const binary = path.resolve(bin ?? '');
    const settings = { path: path.basename(binary) === 'ties' ? '' : binary, args: ['--no-cache'] };
    // Found on PATH, as the extension does when ties.server.path is empty.
    const env = { ...nodeEnvironment(), env: { ...process.env, PATH: `${path.join(root, 'no-such-dir')}${path.delimiter}${path.dirname(binary)}` } };
    discovery = findServer(settings, env);
    assert.ok(discovery.found, `discovery did not find ${binary}`);
    assert.equal(discovery.command, binary);
    assert.deepEqual(discovery.args, ['--no-cache', 'lsp']);
    server = new LspProcess(discovery.command, discovery.args, { shell: discovery.shell });
    server.onRequest('workspace/applyEdit', () => ({ applied: true }));
  });

  after(async () => {
    if (server !== undefined && server.proc.exitCode === null) {
      server.proc.kill();
      await server.exited;
    }
  });

  it('answers initialize as ties, with its commands', async () => {
    const init = (await within(
      server.request('initialize', {
        processId: process.pid,
        clientInfo: { name: 'ties smoke test' },
        rootUri: pathToFileURL(vault).href,
        workspaceFolders: [{ uri: pathToFileURL(vault).href, name: 'notes' }],
        capabilities: { workspace: { applyEdit: true, workspaceEdit: { documentChanges: true }, configuration: false } },
        initializationOptions: toServerSettings((name) => ({ today: '2026-11-26', unknownMentions: 'hint', inlayHints: true })[name as string]),
      }),
      10_000,
      'initialize',
    )) as { serverInfo?: { name?: string }; capabilities: { executeCommandProvider?: { commands: string[] } } };
    assert.equal(init.serverInfo?.name, 'ties');
    // The commands the extension relies on, and none it does not know.
    const offered = init.capabilities.executeCommandProvider?.commands ?? [];
    assert.deepEqual(SINCE_FIRST_RELEASE.filter((c) => !offered.includes(c)), []);
    assert.deepEqual(offered.filter((c) => !(Object.values(SERVER_COMMANDS) as string[]).includes(c)), []);
    server.notify('initialized', {});
  });

  it('lists follow-ups that the quick pick shows overdue first', async () => {
    const raw = await within(followUpsUntil(server, (r) => parseFollowUps(r).length > 0), 30_000, 'ties.followUps');
    const items = parseFollowUps(raw);
    assert.ok(Array.isArray(raw) && items.length === raw.length, 'every follow-up is well-formed');
    assert.ok(items.length >= 5, `only ${items.length} follow-ups`);
    assert.deepEqual(sortFollowUps(items), items, 'the server sends them overdue first');
    const marcus = items.find((f) => f.with.includes('Marcus Lee'));
    assert.ok(marcus);
    assert.equal(marcus.status, '12 days overdue');
    assert.equal(marcus.due, '2026-11-14');
    assert.equal(marcus.overdue, true);
    const picks = toQuickPickItems(items, (u) => path.relative(vault, new URL(u).pathname));
    assert.match(picks[0].label, /^\$\(warning\) /);
    assert.equal(picks.find((p) => p.followUp === marcus)?.detail, 'journal/2026-11-10.md:11');
    assert.ok(items.some((f) => f.due === null && f.status === 'no due date'));
  });

  it('takes new settings under ties from didChangeConfiguration', async () => {
    server.notify('workspace/didChangeConfiguration', didChangeConfigurationParams({ today: '2026-12-04' }));
    const raw = await within(
      followUpsUntil(server, (r) => parseFollowUps(r).some((f) => f.status === '20 days overdue')),
      30_000,
      'follow-ups as of 2026-12-04',
    );
    const marcus = parseFollowUps(raw).find((f) => f.with.includes('Marcus Lee'));
    assert.equal(marcus?.status, '20 days overdue');
  });

  it('logs a catch-up through workspace/applyEdit, with the arguments the extension sends', async () => {
    const edit = server.waitFor('workspace/applyEdit');
    const result = await server.request('workspace/executeCommand', {
      command: SERVER_COMMANDS.logCatchUp,
      arguments: [uri('journal/2026-11-10.md'), { line: 10, character: 15 }],
    });
    assert.equal(result, null);
    const params = JSON.stringify(await within(edit, 10_000, 'workspace/applyEdit'));
    assert.match(params, /2026-12-04/, 'the catch-up goes to the journal note of "today"');
  });

  it('answers a bad position with an error the extension shows', async () => {
    await assert.rejects(
      server.request('workspace/executeCommand', { command: SERVER_COMMANDS.logCatchUp, arguments: [uri('journal/2026-11-10.md'), { line: 0, character: 0 }] }),
      (e: unknown) => e instanceof RpcError && /contact/.test(e.message),
    );
    await assert.rejects(
      server.request('workspace/executeCommand', { command: SERVER_COMMANDS.logCatchUp }),
      (e: unknown) => e instanceof RpcError && /takes a document URI and a position/.test(e.message),
    );
  });

  it('shuts down cleanly', async () => {
    await within(server.request('shutdown'), 10_000, 'shutdown');
    server.notify('exit');
    assert.equal(await within(server.exited, 10_000, 'exit'), 0);
  });
});
