// Runs the bundled extension (esbuild, as `npm run bundle` does) against a stand-in for the
// `vscode` module: activation, the one notification on failure, and the commands. With TIES_BIN
// set, also against the real server on the demo vault.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import Module from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { buildSync } from 'esbuild';
import { INSTALL_URL } from '../src/constants';
import { createFakeVscode, type FakeOptions, Uri } from '../testkit/fakeVscode';

const root = path.resolve(__dirname, __dirname.includes(`${path.sep}out${path.sep}`) ? '../..' : '..');
const bundle = path.join(root, 'out', 'bundle', 'extension.js');
const posix = process.platform !== 'win32';

interface Extension {
  activate(context: { subscriptions: { dispose(): unknown }[]; extensionPath: string }): void;
  deactivate(): Promise<void>;
}

const FAKE_ID = 'fake-vscode-module';
const moduleInternals = Module as unknown as {
  _resolveFilename: (request: string, ...rest: unknown[]) => string;
  _cache: Record<string, unknown>;
};
const resolveFilename = moduleInternals._resolveFilename;

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

async function until(what: string, ok: () => boolean, ms = 15_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > deadline) {
      throw new Error(`timed out waiting for ${what}`);
    }
    await sleep(25);
  }
}

/** A fresh copy of the bundle, bound to a new fake VS Code. The extension is installed in
 * `extensionPath` (by default a folder with no bundled server, as the universal .vsix). */
function load(options: FakeOptions, extensionPath = path.join(root, 'out', 'universal-extension')) {
  const fake = createFakeVscode(options);
  moduleInternals._cache[FAKE_ID] = { id: FAKE_ID, filename: FAKE_ID, loaded: true, exports: fake.vscode };
  delete moduleInternals._cache[bundle];
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const extension = require(bundle) as Extension;
  const context = { subscriptions: [] as { dispose(): unknown }[], extensionPath };
  const run = (id: string, ...args: unknown[]) => {
    const fn = fake.commands.get(id);
    assert.ok(fn, `command ${id} is not registered`);
    return Promise.resolve(fn(...args));
  };
  return { ...fake, extension, context, run };
}

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'ties-vscode-'));
}

function script(dir: string, name: string, text: string): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  fs.chmodSync(file, 0o755);
  return file;
}

before(() => {
  buildSync({
    entryPoints: [path.join(root, 'src', 'extension.ts')],
    bundle: true,
    external: ['vscode'],
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    outfile: bundle,
    logLevel: 'silent',
  });
  moduleInternals._resolveFilename = function (request: string, ...rest: unknown[]) {
    return request === 'vscode' ? FAKE_ID : resolveFilename.call(this, request, ...rest);
  };
});

after(() => {
  moduleInternals._resolveFilename = resolveFilename;
  delete moduleInternals._cache[FAKE_ID];
});

describe('the extension without a server', () => {
  it('registers its commands and says once that ties.server.path points nowhere', async () => {
    const x = load({ settings: { 'server.path': '/nonexistent/ties' }, folders: [], press: (_m, b) => b[0] });
    x.extension.activate(x.context);
    assert.deepEqual(
      [...x.commands.keys()].sort(),
      [
        'ties.contact.logCatchUp',
        'ties.contact.showHistory',
        'ties.followUp.markDone',
        'ties.followUp.snooze',
        'ties.logCatchUp',
        'ties.openLocation',
        'ties.refreshViews',
        'ties.restart',
        'ties.showFollowUps',
        'ties.showHistory',
        'ties.showIntro',
        'ties.showNetworkMap',
      ],
    );
    // No server, no status bar item; the views say why they are empty.
    await until('the views', () => x.rec.trees.get('ties.followUps')?.message !== undefined);
    assert.equal(x.rec.statusItems[0]?.visible, false);
    assert.match(x.rec.trees.get('ties.followUps')?.message ?? '', /server is not running/);
    await until('a notification', () => x.rec.messages.length > 0);
    await sleep(300);
    assert.equal(x.rec.messages.length, 1, JSON.stringify(x.rec.messages));
    const [m] = x.rec.messages;
    assert.equal(m.kind, 'error');
    assert.match(m.message, /ties.server.path is "\/nonexistent\/ties"/);
    assert.match(m.message, /cargo install --path \./);
    assert.deepEqual(m.buttons, ['Open install instructions']);
    await until('the install page', () => x.rec.opened.length > 0);
    assert.deepEqual(x.rec.opened, [INSTALL_URL]);

    // A command run by hand says it again; nothing else happens.
    await x.run('ties.showFollowUps');
    assert.equal(x.rec.messages.length, 2);
    assert.equal(x.rec.quickPicks.length, 0);
    await x.extension.deactivate();
  });

  it('says which PATH folders it searched', { skip: !posix }, async () => {
    const dir = tempDir();
    const saved = process.env.PATH;
    process.env.PATH = dir;
    try {
      const x = load({ settings: {}, folders: [] });
      x.extension.activate(x.context);
      await until('a notification', () => x.rec.messages.length > 0);
      await sleep(200);
      assert.equal(x.rec.messages.length, 1);
      assert.match(x.rec.messages[0].message, new RegExp(`looked for "ties" on PATH \\(searched 1 folder: ${dir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\)`));
      await x.extension.deactivate();
    } finally {
      process.env.PATH = saved;
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('says once that a binary without the lsp command failed to start', { skip: !posix }, async () => {
    const dir = tempDir();
    try {
      const bin = script(dir, 'ties', '#!/bin/sh\necho "error: unrecognized subcommand \'lsp\'" >&2\nexit 2\n');
      const x = load({ settings: { 'server.path': bin, 'server.args': ['--no-cache'] }, folders: [dir] });
      x.extension.activate(x.context);
      await until('a notification', () => x.rec.messages.length > 0);
      await sleep(1_000);
      assert.equal(x.rec.messages.length, 1, JSON.stringify(x.rec.messages));
      const [m] = x.rec.messages;
      assert.equal(m.kind, 'error');
      assert.ok(m.message.startsWith(`ties: the language server failed to start: ${bin} --no-cache lsp (from ties.server.path): `), m.message);
      assert.deepEqual(m.buttons, ['Open install instructions', 'Show output']);
      assert.ok(x.rec.log.some((l) => l.includes("unrecognized subcommand 'lsp'")), 'the server stderr is in the output');
      await x.extension.deactivate();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('runs the server bundled with the extension before the one on PATH, and says so', { skip: !posix }, async () => {
    const dir = tempDir();
    const saved = process.env.PATH;
    try {
      fs.mkdirSync(path.join(dir, 'extension', 'server'), { recursive: true });
      fs.mkdirSync(path.join(dir, 'bin'));
      const bundled = script(path.join(dir, 'extension', 'server'), 'ties', '#!/bin/sh\necho "bundled: no lsp here" >&2\nexit 2\n');
      script(path.join(dir, 'bin'), 'ties', '#!/bin/sh\necho "from PATH" >&2\nexit 2\n');
      process.env.PATH = path.join(dir, 'bin');
      const x = load({ settings: {}, folders: [dir] }, path.join(dir, 'extension'));
      x.extension.activate(x.context);
      await until('a notification', () => x.rec.messages.length > 0);
      await sleep(500);
      assert.equal(x.rec.messages.length, 1, JSON.stringify(x.rec.messages));
      assert.ok(x.rec.messages[0].message.startsWith(`ties: the language server failed to start: ${bundled} lsp (bundled with the extension): `), x.rec.messages[0].message);
      assert.ok(x.rec.log.some((l) => l.includes(`Found the server (bundled with the extension): ${bundled}`)), x.rec.log.join('\n'));
      assert.ok(x.rec.log.some((l) => l.includes('bundled: no lsp here')), 'the bundled server ran');
      assert.ok(!x.rec.log.some((l) => l.includes('from PATH')), 'the one on PATH did not run');
      await x.extension.deactivate();
    } finally {
      process.env.PATH = saved;
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('restarts a server that keeps stopping a few times, then says so once', { skip: !posix }, async () => {
    const dir = tempDir();
    try {
      // Answers initialize, then exits as soon as it is initialized.
      const server = script(
        dir,
        'crashing-server',
        `#!${process.execPath}
let buf = Buffer.alloc(0);
process.stdin.on('data', (chunk) => {
  buf = Buffer.concat([buf, chunk]);
  for (;;) {
    const end = buf.indexOf('\\r\\n\\r\\n');
    if (end < 0) return;
    const len = Number(/Content-Length: *(\\d+)/i.exec(buf.subarray(0, end).toString())[1]);
    if (buf.length < end + 4 + len) return;
    const msg = JSON.parse(buf.subarray(end + 4, end + 4 + len).toString());
    buf = buf.subarray(end + 4 + len);
    if (msg.method === 'initialize') {
      const body = JSON.stringify({ jsonrpc: '2.0', id: msg.id, result: { capabilities: {}, serverInfo: { name: 'ties' } } });
      process.stdout.write('Content-Length: ' + Buffer.byteLength(body) + '\\r\\n\\r\\n' + body);
    } else if (msg.method === 'initialized') {
      process.exit(3);
    }
  }
});
`,
      );
      const x = load({ settings: { 'server.path': server }, folders: [dir] });
      x.extension.activate(x.context);
      await until('a notification', () => x.rec.messages.length > 0, 30_000);
      await sleep(1_000);
      assert.equal(x.rec.messages.length, 1, JSON.stringify(x.rec.messages));
      assert.match(x.rec.messages[0].message, /stopped 4 times in 3 minutes and will not be restarted/);
      assert.deepEqual(x.rec.messages[0].buttons, ['Show output', 'Restart server']);
      assert.equal(x.rec.log.filter((l) => l.includes('The server is running')).length, 4);
      await x.extension.deactivate();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

const bin = process.env.TIES_BIN;
const vault = process.env.TIES_VAULT ?? path.resolve(root, '../../examples/notes');
const skipReal = !bin ? 'TIES_BIN is not set' : !fs.existsSync(vault) ? `no demo vault at ${vault}` : false;

describe('the extension with the real server', { skip: skipReal }, () => {
  it('shows follow-ups, logs a catch-up, follows settings and restarts', { timeout: 90_000 }, async (t) => {
    const marcus = path.join(vault, 'journal', '2026-11-10.md');
    const x = load({
      settings: { 'server.path': path.resolve(bin ?? ''), 'server.args': ['--no-cache'], today: '2026-11-26' },
      folders: [vault],
      pick: (items: { detail: string }[]) => items.find((i) => i.detail === 'journal/2026-11-10.md:11'),
    });
    x.extension.activate(x.context);
    t.after(async () => {
      if (process.env.TIES_TEST_LOG) {
        console.log(x.rec.log.join('\n'));
      }
      await x.extension.deactivate();
    });
    await until('the server', () => x.rec.log.some((l) => l.includes('The server is running: ties')));

    // Follow-ups: asked until the background indexing has found them.
    const followUps = async ( ok: (items: { label: string; description: string; detail: string }[]) => boolean) => {
      const deadline = Date.now() + 20_000;
      for (;;) {
        x.rec.quickPicks.length = 0;
        await x.run('ties.showFollowUps');
        const items = (x.rec.quickPicks[0]?.items ?? []) as { label: string; description: string; detail: string }[];
        if (ok(items) || Date.now() > deadline) return items;
        await sleep(200);
      }
    };
    const items = await followUps((i) => i.length > 0);
    assert.ok(items.length >= 5, `${items.length} follow-ups`);
    assert.match(items[0].label, /^\$\(warning\) /);
    const m = items.find((i) => i.detail === 'journal/2026-11-10.md:11');
    assert.equal(m?.description, '12 days overdue · with Marcus Lee');
    assert.equal(x.rec.shown.length, 1);
    assert.equal(x.rec.shown[0].uri.fsPath, marcus);
    assert.deepEqual(
      { line: x.rec.shown[0].options.selection?.start.line, character: x.rec.shown[0].options.selection?.start.character },
      { line: 10, character: 0 },
    );

    // Log a catch-up at the mention of Marcus Lee: the server sends the edit back.
    x.setEditor(Uri.file(marcus), 10, 15);
    await x.run('ties.logCatchUp');
    await until('the catch-up edit', () => x.rec.applied.length > 0);
    assert.match(JSON.stringify(x.rec.applied[0]), /2026-11-26\.md/);
    assert.deepEqual(x.rec.statusBar, ["ties: catch-up logged in today's journal note"]);
    // ... and nowhere near a contact: the server's error, as a warning.
    x.setEditor(Uri.file(marcus), 0, 0);
    await x.run('ties.logCatchUp');
    const shown = () => x.rec.messages.filter((msg) => msg.kind !== 'info');
    assert.equal(shown().length, 1);
    assert.equal(shown()[0].kind, 'warning');
    assert.match(shown()[0].message, /^ties: no contact at that position/);

    // History: the References view, else the peek.
    x.setEditor(Uri.file(marcus), 10, 15);
    x.commands.set('references-view.findReferences', () => undefined);
    await x.run('ties.showHistory');
    const find = x.rec.executed.find((e) => e.command === 'references-view.findReferences');
    assert.equal((find?.args[0] as Uri).fsPath, marcus);
    assert.deepEqual({ ...(find?.args[1] as object) }, { line: 10, character: 15 });
    x.commands.delete('references-view.findReferences');
    x.commands.set('editor.action.referenceSearch.trigger', () => undefined);
    await x.run('ties.showHistory');
    assert.ok(x.rec.executed.some((e) => e.command === 'editor.action.referenceSearch.trigger'));

    // A new date reaches the server through didChangeConfiguration.
    x.changeSettings({ today: '2026-12-04' });
    const later = await followUps((i) => i.some((f) => f.description === '20 days overdue · with Marcus Lee'));
    assert.ok(later.some((f) => f.description === '20 days overdue · with Marcus Lee'));
    assert.ok(x.rec.log.some((l) => l.includes('Sending settings: {"today":"2026-12-04"}')));

    // Restart by hand, then through a change of ties.server.args.
    await x.run('ties.restart');
    assert.deepEqual(x.rec.statusBar.slice(-1), ['ties: server restarted']);
    x.changeSettings({ 'server.args': ['--no-cache', '-v'] });
    await until('the third start', () => x.rec.log.filter((l) => l.includes('The server is running')).length === 3);
    assert.ok(x.rec.log.some((l) => l.includes('--no-cache -v lsp')));

    assert.equal(shown().length, 1, `no notification besides the catch-up warning: ${JSON.stringify(shown())}`);
    assert.ok(x.rec.log.some((l) => l.startsWith('[info] [server] INFO ties::lsp')), 'server log lines keep their level');
  });

  it('fills the Follow-ups view and the status bar; views of commands the server lacks say so', { timeout: 60_000 }, async (t) => {
    const x = load({ settings: { 'server.path': path.resolve(bin ?? ''), 'server.args': ['--no-cache'], today: '2026-11-26' }, folders: [vault] });
    x.extension.activate(x.context);
    t.after(() => x.extension.deactivate());
    await until('the server', () => x.rec.log.some((l) => l.includes('The server is running: ties')));
    const tree = () => x.rec.trees.get('ties.followUps');
    type Node = { kind: string };
    const labels = (nodes: unknown) => (nodes as Node[]).map((n) => tree()?.provider.getTreeItem(n).label ?? '');
    // Asked again (as a diagnostics change would) until the background indexing has found them.
    const deadline = Date.now() + 20_000;
    while (!labels(tree()?.provider.getChildren()).some((l) => /^Overdue \([1-9]/.test(l)) && Date.now() < deadline) {
      await x.run('ties.refreshViews');
      await sleep(200);
    }
    const groups = tree()?.provider.getChildren() as Node[];
    const groupLabels = labels(groups);
    assert.deepEqual(
      groupLabels.map((l) => l.replace(/ \(\d+\)$/, '')),
      ['Overdue', 'Today', 'This week', 'Later', 'Stale'],
    );
    const overdue = Number(/\((\d+)\)/.exec(groupLabels[0])?.[1]);
    assert.ok(overdue > 0);
    // The children of a group: its follow-ups, each opening its line.
    const first = tree()?.provider.getChildren(groups[0]) as Node[];
    assert.equal(first.length, overdue);
    const items = first.map((n) => tree()?.provider.getTreeItem(n));
    const marcus = items.find((i) => i?.description === 'Marcus Lee · 2026-11-14');
    assert.ok(marcus, JSON.stringify(items.map((i) => [i?.label, i?.description])));
    assert.equal(marcus.contextValue, 'ties.followUp');
    assert.equal(marcus.command?.command, 'ties.openLocation');
    // The status bar counts the overdue ones (stale ones are overdue too) and opens the view.
    const all = groups.flatMap((g) => tree()?.provider.getChildren(g) as Node[]).map((n) => tree()?.provider.getTreeItem(n));
    const status = x.rec.statusItems[0];
    assert.equal(status.visible, true);
    assert.equal(status.text, `$(warning) ties: ${all.filter((i) => i?.iconPath?.id === 'warning').length} overdue`);
    assert.equal(status.command, 'ties.followUps.focus');
    // The server answers ties.contacts and ties.plan: the views list the demo vault's answers.
    for (const id of ['ties.contacts', 'ties.plan']) {
      const view = () => x.rec.trees.get(id);
      const children = () => view()?.provider.getChildren() as unknown[];
      await until(`an answer in ${id}`, () => (view()?.message ?? '') !== '' || children().length > 0);
      assert.equal(view()?.message, undefined, `${id}: ${view()?.message}`);
    }
    const plan = x.rec.trees.get('ties.plan');
    const top = plan?.provider.getTreeItem((plan.provider.getChildren() as unknown[])[0]);
    assert.equal(top?.label, 'Marcus Lee');
    assert.match(String(top?.description), /you promised a follow-up: 12 days overdue/);
    assert.deepEqual(top?.command?.arguments?.[1], { start: { line: 10, character: 0 }, end: { line: 10, character: 0 } });
    assert.match(String(top?.command?.arguments?.[0]), /journal\/2026-11-10\.md$/);
    // Log catch-up today from a Contacts item: the contact note's URI, a position in it.
    const marcusNote = Uri.file(path.join(vault, 'people', 'marcus-lee.md')).toString();
    const node = { kind: 'contact', group: 'Northwind Logistics', contact: { uri: marcusNote, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } } };
    await x.run('ties.contact.logCatchUp', node);
    await until('the catch-up edit', () => x.rec.applied.length > 0);
    assert.match(JSON.stringify(x.rec.applied[0]), /2026-11-26\.md/);
    assert.match(JSON.stringify(x.rec.applied[0]), /marcus-lee/);
    assert.equal(x.rec.messages.length, 0, JSON.stringify(x.rec.messages));
  });

  it('hides the status bar item in a folder that is no vault', { timeout: 60_000 }, async (t) => {
    const empty = tempDir();
    fs.writeFileSync(path.join(empty, 'todo.md'), '# Not a vault\n');
    const x = load({ settings: { 'server.path': path.resolve(bin ?? ''), 'server.args': ['--no-cache'], today: '2026-11-26' }, folders: [empty] });
    x.extension.activate(x.context);
    t.after(async () => {
      await x.extension.deactivate();
      fs.rmSync(empty, { recursive: true, force: true });
    });
    await until('the server', () => x.rec.log.some((l) => l.includes('The server is running: ties')));
    await until('the Follow-ups view', () => x.rec.trees.get('ties.followUps')?.message === 'No open follow-ups.');
    assert.equal(x.rec.statusItems[0].visible, false);
    // With a ties.toml it is a vault: the item shows, with nothing overdue.
    fs.writeFileSync(path.join(empty, 'ties.toml'), '');
    const y = load({ settings: { 'server.path': path.resolve(bin ?? ''), 'server.args': ['--no-cache'], today: '2026-11-26' }, folders: [empty] });
    y.extension.activate(y.context);
    t.after(() => y.extension.deactivate());
    await until('the status bar item', () => y.rec.statusItems[0]?.visible === true);
    assert.equal(y.rec.statusItems[0].text, '$(check) ties: nothing overdue');
  });
});
