// Checks package.json against the code and, in a checkout of ties, against the server's source.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { SERVER_COMMANDS, SINCE_FIRST_RELEASE } from '../src/constants';
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
    menus: Record<string, { command: string; when?: string; group: string }[]> & { commandPalette: { command: string; when?: string }[] };
    viewsContainers: { activitybar: { id: string; icon: string }[] };
    views: Record<string, { id: string; name: string }[]>;
    configuration: { properties: Record<string, Property> };
  };
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
}

/** Settings the extension reads itself (never sent to the server). */
const CLIENT_SETTINGS = ['ties.codeLens'];

const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as Manifest;
const properties = manifest.contributes.configuration.properties;

describe('package.json', () => {
  it('declares the server settings as ties.*, besides ties.server.*', () => {
    const keys = Object.keys(properties);
    assert.deepEqual(
      keys.filter((k) => k.startsWith('ties.') && !k.startsWith('ties.server.') && !CLIENT_SETTINGS.includes(k)).map((k) => k.slice('ties.'.length)),
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
      'ties.staleAfterDays': [['integer', 'null'], null],
      'ties.codeLens': ['boolean', true],
    });
    assert.equal(properties['ties.server.args'].items?.type, 'string');
  });

  it('has the commands with their titles', () => {
    assert.deepEqual(manifest.contributes.commands, [
      { command: 'ties.restart', title: 'ties: Restart server' },
      { command: 'ties.showFollowUps', title: 'ties: Show follow-ups' },
      { command: 'ties.showHistory', title: 'ties: Show contact history' },
      { command: 'ties.logCatchUp', title: 'ties: Log catch-up today' },
      { command: 'ties.showNetworkMap', title: 'ties: Show network map' },
      { command: 'ties.showIntro', title: 'ties: Show ways into a company' },
      { command: 'ties.refreshViews', title: 'ties: Refresh views', icon: '$(refresh)' },
      { command: 'ties.followUp.markDone', title: 'Mark done', icon: '$(check)' },
      { command: 'ties.followUp.snooze', title: 'Snooze 1 week', icon: '$(clock)' },
      { command: 'ties.contact.showHistory', title: 'Show history' },
      { command: 'ties.contact.logCatchUp', title: 'Log catch-up today' },
      { command: 'ties.openLocation', title: 'ties: Open location' },
    ]);
    // The views' item commands stay out of the command palette.
    const hidden = manifest.contributes.menus.commandPalette.filter((m) => m.when === 'false').map((m) => m.command);
    assert.deepEqual(hidden.sort(), ['ties.contact.logCatchUp', 'ties.contact.showHistory', 'ties.followUp.markDone', 'ties.followUp.snooze', 'ties.openLocation']);
  });

  it('puts three views in a ties view container, with inline actions on follow-ups', () => {
    assert.deepEqual(manifest.contributes.viewsContainers.activitybar.map((c) => c.id), ['ties']);
    assert.deepEqual(manifest.contributes.views.ties.map((v) => [v.id, v.name]), [
      ['ties.followUps', 'Follow-ups'],
      ['ties.contacts', 'Contacts'],
      ['ties.plan', 'This week'],
    ]);
    const inline = manifest.contributes.menus['view/item/context'].filter((m) => m.group.startsWith('inline')).map((m) => m.command);
    assert.deepEqual(inline, ['ties.followUp.markDone', 'ties.followUp.snooze']);
    assert.ok(fs.existsSync(path.join(root, manifest.contributes.viewsContainers.activitybar[0].icon)));
  });

  it('activates on Markdown and on a vault, from the bundle', () => {
    assert.deepEqual(manifest.activationEvents, ['onLanguage:markdown', 'workspaceContains:**/ties.toml', 'onView:ties.followUps', 'onCommand:ties.showNetworkMap']);
    assert.equal(manifest.main, './dist/extension.js');
    assert.equal(manifest.engines.vscode, '^1.91.0');
    assert.match(manifest.devDependencies['@types/vscode'], /^~?1\.91\./);
    assert.match(manifest.dependencies['vscode-languageclient'], /^\^11\./);
    assert.equal(manifest.devDependencies['@vscode/vsce'], '3.9.2');
  });

  it('keeps vscode out of the modules that are unit-tested', () => {
    for (const file of ['constants', 'discovery', 'settings', 'followups', 'messages', 'logs', 'json', 'contacts', 'plan', 'graph', 'availability', 'webview/map']) {
      const text = fs.readFileSync(path.join(root, 'src', `${file}.ts`), 'utf8');
      assert.doesNotMatch(text, /from ['"]vscode(-languageclient[^'"]*)?['"]/, `src/${file}.ts imports vscode`);
    }
  });
});

describe('the server source', () => {
  const state = path.join(repo, 'src/lsp/state.rs');
  const server = path.join(repo, 'src/lsp/caps.rs');

  it('reads the same settings', { skip: !fs.existsSync(state) && 'not in a checkout of ties' }, () => {
    const text = fs.readFileSync(state, 'utf8');
    const list = /pub const SETTINGS: &\[&str\] =\s*&\[([^\]]*)\]/.exec(text);
    assert.ok(list, 'SETTINGS not found in src/lsp/state.rs');
    assert.deepEqual([...list[1].matchAll(/"([^"]+)"/g)].map((m) => m[1]), [...SERVER_SETTINGS]);
  });

  it('offers the commands the extension sends', { skip: !fs.existsSync(server) && 'not in a checkout of ties' }, () => {
    const text = fs.readFileSync(server, 'utf8');
    const list = /pub const COMMANDS: &\[&str\] =\s*&\[([^\]]*)\]/.exec(text);
    assert.ok(list, 'COMMANDS not found in src/lsp/caps.rs');
    const offered = [...list[1].matchAll(/"([^"]+)"/g)].map((m) => m[1]);
    assert.deepEqual(SINCE_FIRST_RELEASE.filter((c) => !offered.includes(c)), [], 'the server lacks a command the extension relies on');
    assert.deepEqual(offered.filter((c) => !(Object.values(SERVER_COMMANDS) as string[]).includes(c)), [], 'the server has a command the extension does not know');
    assert.deepEqual((Object.values(SERVER_COMMANDS) as string[]).filter((c) => !offered.includes(c)), [], 'the extension sends a command this server lacks');
  });
});
