// The extension in a real VS Code: code-server (VS Code's workbench, from npm) driven through
// Debian's Chromium by playwright-core. Installs the packaged .vsix, opens a copy of the demo vault
// and checks completion, hover, go to definition, a diagnostic in Problems, the ties views, the
// status bar item and the network map. Screenshots of a failing step are kept (the path is
// printed); with TIES_E2E_SCREENSHOTS=<dir> the README's screenshots are written there.
//
// Needs: TIES_CODE_SERVER (code-server's out/node/entry.js, see install-code-server.sh),
// TIES_BIN (the ties binary), ties-<version>.vsix (npm run package), Chromium
// (TIES_CHROMIUM, default /usr/bin/chromium). Skipped when one is missing, unless TIES_E2E=1.
// With TIES_E2E_VSIX=<a platform .vsix> (npm run package -- --target ...), that package is
// installed instead and runs the server it carries: no ties.server.path, no ties on PATH.
import * as assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..');
const repo = path.resolve(root, '../..');
const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const bundled = process.env.TIES_E2E_VSIX ? path.resolve(process.env.TIES_E2E_VSIX) : '';
const vsix = bundled || path.join(root, `ties-${manifest.version}.vsix`);
const entry = process.env.TIES_CODE_SERVER ?? '';
const bin = path.resolve(process.env.TIES_BIN ?? path.join(repo, 'target/debug/ties'));
const chromiumPath = process.env.TIES_CHROMIUM ?? '/usr/bin/chromium';
const shotsDir = process.env.TIES_E2E_SCREENSHOTS ?? '';
const TODAY = '2026-11-26';

const missing = [
  [entry !== '' && fs.existsSync(entry), 'TIES_CODE_SERVER (code-server entry.js)'],
  [bundled !== '' || fs.existsSync(bin), `the ties binary at ${bin}`],
  [fs.existsSync(vsix), `${path.basename(vsix)} (npm run package)`],
  [fs.existsSync(chromiumPath), `Chromium at ${chromiumPath}`],
].filter(([ok]) => !ok).map(([, what]) => what);
if (missing.length > 0 && process.env.TIES_E2E === '1') {
  throw new Error(`TIES_E2E=1 but the end-to-end test cannot run: missing ${missing.join(', ')}`);
}
const skip = missing.length > 0 ? `missing ${missing.join(', ')}` : false;

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

async function waitForHttp(url, ms) {
  const deadline = Date.now() + ms;
  for (;;) {
    try {
      const res = await fetch(url);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`code-server did not answer ${url} within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

describe('the extension in code-server', { skip, timeout: 300_000 }, () => {
  let tmp;
  let vault;
  let codeServer;
  let serverLog = '';
  let browser;
  let page;
  const failuresDir = path.resolve(process.env.TIES_E2E_OUT ?? path.join(repo, 'target', 'e2e-failures'));

  before(async () => {
    const { chromium } = await import('playwright-core');
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ties-e2e-'));
    vault = path.join(tmp, 'notes');
    fs.cpSync(path.join(repo, 'examples', 'notes'), vault, { recursive: true });
    const userData = path.join(tmp, 'user-data');
    const extensions = path.join(tmp, 'extensions');
    fs.mkdirSync(path.join(userData, 'User'), { recursive: true });
    fs.writeFileSync(
      path.join(userData, 'User', 'settings.json'),
      JSON.stringify(
        {
          // The real server, nothing in between: the bundled one, or TIES_BIN.
          ...(bundled ? {} : { 'ties.server.path': bin }),
          'ties.server.args': ['--no-cache'],
          'ties.today': TODAY,
          'security.workspace.trust.enabled': false,
          'workbench.startupEditor': 'none',
          'workbench.tips.enabled': false,
          'workbench.enableExperiments': false,
          'telemetry.telemetryLevel': 'off',
          'extensions.autoCheckUpdates': false,
          'extensions.autoUpdate': false,
          'extensions.ignoreRecommendations': true,
          'update.mode': 'none',
          'chat.commandCenter.enabled': false,
          'workbench.colorTheme': 'Default Dark Modern',
          'editor.minimap.enabled': false,
          'editor.hover.delay': 100,
        },
        null,
        2,
      ),
    );
    const common = ['--user-data-dir', userData, '--extensions-dir', extensions, '--disable-telemetry', '--disable-update-check'];
    execFileSync(process.execPath, [entry, ...common, '--install-extension', vsix], { stdio: 'pipe', timeout: 120_000 });
    const installed = fs.readdirSync(extensions).filter((d) => d.startsWith('ties-notes.ties-'));
    assert.equal(installed.length, 1, `the .vsix was not installed: ${fs.readdirSync(extensions).join(', ')}`);

    const port = await freePort();
    codeServer = spawn(process.execPath, [entry, ...common, '--auth', 'none', '--disable-workspace-trust', '--bind-addr', `127.0.0.1:${port}`, vault], {
      stdio: ['ignore', 'pipe', 'pipe'],
      // With a bundled server, PATH holds no ties: only Node and the system's own folders.
      env: { ...process.env, PATH: bundled ? [path.dirname(process.execPath), '/usr/bin', '/bin'].join(path.delimiter) : `${path.dirname(process.execPath)}${path.delimiter}${process.env.PATH}` },
    });
    codeServer.stdout.on('data', (d) => (serverLog += d));
    codeServer.stderr.on('data', (d) => (serverLog += d));
    await waitForHttp(`http://127.0.0.1:${port}/healthz`, 60_000);

    browser = await chromium.launch({ executablePath: chromiumPath, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
    page = await browser.newPage({ viewport: { width: 1400, height: 860 } });
    await page.goto(`http://127.0.0.1:${port}/?folder=${encodeURIComponent(vault)}`);
    await page.locator('.monaco-workbench').waitFor({ timeout: 90_000 });
    // The status bar item appears once the server has answered ties.followUps.
    await statusItem().waitFor({ timeout: 90_000 });
    // A wider side bar, for the views' descriptions (and the screenshots).
    const bar = await page.locator('.part.sidebar').boundingBox();
    if (bar !== null) {
      await page.mouse.move(bar.x + bar.width + 1, bar.y + 300);
      await page.mouse.down();
      await page.mouse.move(bar.x + 520, bar.y + 300, { steps: 5 });
      await page.mouse.up();
    }
  });

  after(async () => {
    await browser?.close();
    codeServer?.kill();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  const statusItem = () => page.locator('.statusbar-item', { hasText: /ties: (\d+ overdue|nothing overdue)/ }).first();

  /** Runs a step; on failure keeps a screenshot (and code-server's log) and says where. */
  async function step(name, fn) {
    try {
      await fn();
    } catch (error) {
      fs.mkdirSync(failuresDir, { recursive: true });
      const file = path.join(failuresDir, `${name.replace(/[^a-z0-9]+/gi, '-')}.png`);
      await page?.screenshot({ path: file }).catch(() => undefined);
      fs.writeFileSync(path.join(failuresDir, 'code-server.log'), serverLog);
      error.message = `${error.message}\n(screenshot: ${file}; code-server log: ${path.join(failuresDir, 'code-server.log')})`;
      throw error;
    }
  }

  async function shot(name) {
    if (shotsDir !== '') {
      fs.mkdirSync(shotsDir, { recursive: true });
      await page.screenshot({ path: path.join(shotsDir, `${name}.png`) });
    }
  }

  async function command(title) {
    await page.keyboard.press('F1');
    const input = page.locator('.quick-input-widget input.input');
    await input.waitFor();
    await input.fill(`>${title}`);
    // The row with exactly this title (recently used commands come first, whatever they are).
    const exact = new RegExp(`^${title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
    await page.locator('.quick-input-list .monaco-list-row').filter({ has: page.locator('.label-name', { hasText: exact }) }).first().click();
  }

  async function openFile(relative, line) {
    await page.keyboard.press('Control+P');
    const input = page.locator('.quick-input-widget input.input');
    await input.waitFor();
    await input.fill(relative);
    await page.locator('.quick-input-list .monaco-list-row', { hasText: path.basename(relative) }).first().waitFor();
    await page.keyboard.press('Enter');
    await page.locator('.tab.active', { hasText: path.basename(relative) }).waitFor();
    if (line !== undefined) {
      await page.keyboard.press('Control+G');
      await input.fill(`:${line}`);
      await page.keyboard.press('Enter');
    }
    await page.locator('.monaco-editor.focused').waitFor();
  }

  it('shows the status bar item, completes, hovers, goes to definition and lists the overdue task in Problems', async () => {
    await step('status bar', async () => {
      // The first answer may come before the server has indexed the vault: the item follows.
      await page.locator('.statusbar-item', { hasText: /ties: [1-9]\d* overdue/ }).waitFor({ timeout: 30_000 });
      if (shotsDir !== '') {
        // The left of the status bar, the item in it.
        const bar = await page.locator('.part.statusbar').boundingBox();
        const item = await statusItem().boundingBox();
        fs.mkdirSync(shotsDir, { recursive: true });
        await page.screenshot({
          path: path.join(shotsDir, 'statusbar.png'),
          clip: { x: bar.x, y: bar.y, width: Math.min(bar.width, item.x + item.width + 160 - bar.x), height: bar.height },
        });
      }
    });

    await step('completion', async () => {
      await openFile('journal/2026-11-10.md', 9);
      await page.keyboard.press('End');
      await page.keyboard.type(' Also told @marc', { delay: 30 });
      const row = page.locator('.suggest-widget .monaco-list-row', { hasText: 'Marcus Lee' }).first();
      await row.waitFor({ timeout: 20_000 });
      await shot('completion');
      await page.keyboard.press('Escape');
    });

    await step('hover', async () => {
      // The note as it was, then the cursor into the mention of @marcus-lee.
      await command('File: Revert File');
      await page.locator('.tab.active.dirty').waitFor({ state: 'detached' });
      await page.keyboard.press('Control+F');
      await page.keyboard.type('@marcus-lee');
      await page.keyboard.press('Escape');
      await page.keyboard.press('ArrowLeft');
      await page.keyboard.press('ArrowRight');
      await page.keyboard.press('ArrowRight');
      await page.keyboard.press('Control+K');
      await page.keyboard.press('Control+I');
      const hover = page.locator('.monaco-hover-content', { hasText: 'Marcus Lee' }).first();
      await hover.waitFor({ timeout: 20_000 });
      assert.match(await hover.innerText(), /Northwind/);
      await shot('hover');
      await page.keyboard.press('Escape');
    });

    await step('definition', async () => {
      await page.keyboard.press('F12');
      await page.locator('.tab.active', { hasText: 'marcus-lee.md' }).waitFor({ timeout: 20_000 });
    });

    await step('problems', async () => {
      await page.keyboard.press('Control+Shift+M');
      const row = page.locator('.markers-panel .monaco-list-row', { hasText: /overdue/ }).first();
      await row.waitFor({ timeout: 20_000 });
      await shot('problems');
    });
  });

  it('fills the ties views: Follow-ups by group with counts, Contacts going cold first, This week', async () => {
    await step('follow-ups view', async () => {
      await statusItem().click();
      const overdue = page.locator('.monaco-list-row', { hasText: /^Overdue \(\d+\)/ }).first();
      await overdue.waitFor({ timeout: 20_000 });
      for (const group of ['Today', 'This week', 'Later', 'Stale']) {
        await page.locator('.monaco-list-row', { hasText: new RegExp(`^${group} \\(\\d+\\)`) }).first().waitFor();
      }
      const count = Number(/\((\d+)\)/.exec(await overdue.innerText())[1]);
      const status = Number(/ties: (\d+) overdue/.exec(await statusItem().innerText())[1]);
      const stale = Number(/\((\d+)\)/.exec(await page.locator('.monaco-list-row', { hasText: /^Stale \(\d+\)/ }).first().innerText())[1]);
      assert.equal(count + stale, status, 'the status bar counts the Overdue and Stale follow-ups');
      const marcus = page.locator('.monaco-list-row', { hasText: 'the longer doc' }).first();
      await marcus.waitFor();
      assert.match(await marcus.innerText(), /Marcus Lee · 2026-11-14/);
      await marcus.hover();
      // The inline actions on the hovered item.
      await marcus.locator('.action-label[aria-label="Mark done"]').waitFor();
      await marcus.locator('.action-label[aria-label="Snooze 1 week"]').waitFor();
      await shot('follow-ups');
    });

    await step('snooze from the view', async () => {
      const overdueCount = async () => Number(/\((\d+)\)/.exec(await page.locator('.monaco-list-row', { hasText: /^Overdue \(\d+\)/ }).first().innerText())[1]);
      const before = await overdueCount();
      const marcus = page.locator('.monaco-list-row', { hasText: 'the longer doc' }).first();
      await marcus.hover();
      await marcus.locator('.action-label[aria-label="Snooze 1 week"]').click();
      // Snoozed a week from today and saved: the note on disk says so, and the item moves.
      const note = path.join(vault, 'journal', '2026-11-10.md');
      const deadline = Date.now() + 20_000;
      while (!fs.readFileSync(note, 'utf8').includes('📅 2026-12-03') && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 200));
      }
      assert.match(fs.readFileSync(note, 'utf8'), /outbox pattern.*📅 2026-12-03/);
      // The view and the status bar follow: one overdue less.
      await page.locator('.monaco-list-row', { hasText: new RegExp(`^Overdue \\(${before - 1}\\)`) }).first().waitFor({ timeout: 20_000 });
      await page.locator('.statusbar-item', { hasText: new RegExp(`ties: ${before - 1} overdue`) }).waitFor({ timeout: 20_000 });
    });

    await step('contacts view', async () => {
      await page.locator('.pane-header', { hasText: 'Contacts' }).click();
      const cold = page.locator('.monaco-list-row', { hasText: /^Going cold \(\d+\)/ }).first();
      await cold.waitFor({ timeout: 20_000 });
      const dana = page.locator('.monaco-list-row', { hasText: 'Dana Whitfield' }).first();
      await dana.waitFor();
      assert.match(await dana.innerText(), /\d+d/);
      await shot('contacts');
      await dana.click();
      await page.locator('.tab.active', { hasText: 'dana-whitfield.md' }).waitFor({ timeout: 20_000 });
    });

    await step('this week view', async () => {
      await page.locator('.pane-header', { hasText: 'This week' }).click();
      const pane = page.locator('.pane', { has: page.locator('.pane-header', { hasText: 'This week' }) });
      const row = pane.locator('.monaco-list-row').first();
      await row.waitFor({ timeout: 20_000 });
      assert.match(await row.innerText(), /^[^\n]+\n?.*(going cold|overdue)/s);
      await shot('views');
    });
  });

  it('shows the code lenses of a person note and a company note', async () => {
    // The lens is drawn above the note's first line once the server has answered codeLens.
    const lens = (text) => page.locator('.monaco-editor .codelens-decoration', { hasText: text }).first();

    await step('code lens of a company', async () => {
      await openFile('companies/northwind-logistics.md');
      const company = lens(/\d+ ways? in/);
      await company.waitFor({ timeout: 30_000 });
      assert.match(await company.innerText(), /^\d+ ways? in · best: \p{L}[\p{L} .'-]* \(\d+d ago\)$/u);
      // The person note beside it, for the screenshot.
      await command('View: Split Editor Right');
      await page.locator('.editor-group-container').nth(1).waitFor();
    });

    await step('code lens of a person', async () => {
      await openFile('people/priya-nair.md');
      const person = lens(/last exchange/);
      await person.waitFor({ timeout: 30_000 });
      assert.match(await person.innerText(), /^last exchange \d+d · (no|\d+) open follow-ups? · gave \d+ \/ asked \d+$/);
      assert.equal(await lens(/ways? in/).count(), 1, 'the company lens stays in the left editor');
      if (shotsDir !== '') {
        // The side bar hidden (room for both notes) and no tooltip left over the lenses.
        await page.keyboard.press('Control+B');
        await page.locator('.part.sidebar').waitFor({ state: 'hidden' });
        await page.mouse.move(1000, 500);
        await page.locator('.workbench-hover').first().waitFor({ state: 'hidden', timeout: 5_000 }).catch(() => undefined);
        await page.locator('.part.editor').screenshot({ path: path.join(shotsDir, 'codelens.png') });
        await page.keyboard.press('Control+B');
        await page.locator('.part.sidebar').waitFor();
      }
    });
  });

  it('draws the network map in a webview and opens a note from it', async () => {
    await step('network map', async () => {
      await page.keyboard.press('Control+J'); // the panel closed: room for the map
      await command('View: Close All Editors');
      await command('ties: Show network map');
      const outer = page.frameLocator('iframe.webview.ready');
      const frame = outer.frameLocator('iframe#active-frame');
      await frame.locator('#cy canvas').first().waitFor({ timeout: 30_000 });
      const nodes = Number(await frame.locator('body').getAttribute('data-nodes'));
      assert.ok(nodes > 1, `the map drew ${nodes} nodes`);
      await frame.locator('#filter').fill('helio');
      await frame.locator('#count', { hasText: /^\d+ of \d+ nodes/ }).waitFor();
      await page.waitForTimeout(600);
      assert.ok(Number(await frame.locator('body').getAttribute('data-nodes')) < nodes, 'the filter narrows the map');
      await frame.locator('#filter').fill('');
      await page.waitForTimeout(600);
      await shot('network-map');
    });

    await step('map opens notes and highlights intro paths', async () => {
      const frame = page.frameLocator('iframe.webview.ready').frameLocator('iframe#active-frame');
      await frame.locator('#filter').fill('Helio Energy');
      await frame.locator('#filter').press('Enter');
      // The company's ways in (ties intro helio-energy): José Álvarez and Felix Wagner work
      // there, Nadia Rahman knows both. Filtered on the company's name, the map draws you, José,
      // Felix and the company (Nadia does not match the filter): 4 lit.
      await frame.locator('body[data-highlighted="4"]').waitFor({ timeout: 20_000 });
      await page.locator('.tab', { hasText: 'helio-energy.md' }).waitFor({ timeout: 20_000 });
      // The highlight stays on the whole map, where Nadia is drawn too: 5 lit.
      await command('View: Close Editor');
      await frame.locator('#filter').fill('');
      await page.waitForTimeout(600);
      await frame.locator('body[data-highlighted="5"]').waitFor({ timeout: 20_000 });
      await shot('network-map-intro');
    });
  });
});
