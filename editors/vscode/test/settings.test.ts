import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { didChangeConfigurationParams, explicitValue, SERVER_SETTINGS, toServerSettings } from '../src/settings';

const from = (values: Record<string, unknown>) => toServerSettings((name) => values[name]);

describe('toServerSettings', () => {
  it('lists the server settings in the server order', () => {
    assert.deepEqual([...SERVER_SETTINGS], ['today', 'unknownMentions', 'inlayHints', 'cadence', 'peopleDir', 'journalDir', 'staleAfterDays']);
  });

  it('maps every setting, trimming strings', () => {
    assert.deepEqual(
      from({ today: ' 2026-11-26 ', unknownMentions: 'warning', inlayHints: false, cadence: '6w', peopleDir: 'contacts', journalDir: 'daily', staleAfterDays: 90 }),
      { today: '2026-11-26', unknownMentions: 'warning', inlayHints: false, cadence: '6w', peopleDir: 'contacts', journalDir: 'daily', staleAfterDays: 90 },
    );
  });

  it('leaves out empty strings and unset values', () => {
    assert.deepEqual(from({ today: '', unknownMentions: undefined, inlayHints: true, cadence: '  ', peopleDir: '', journalDir: '' }), { inlayHints: true });
    assert.deepEqual(from({}), {});
  });

  it('leaves out values of the wrong type', () => {
    assert.deepEqual(from({ today: 20261126, inlayHints: 'yes', cadence: null, peopleDir: ['p'], unknownMentions: 'off', staleAfterDays: -3 }), { unknownMentions: 'off' });
  });

  it('reads only the six server settings', () => {
    const asked: string[] = [];
    toServerSettings((name) => {
      asked.push(name);
      return undefined;
    });
    assert.deepEqual(asked, [...SERVER_SETTINGS]);
  });

  it('wraps the settings under ties for didChangeConfiguration', () => {
    assert.deepEqual(didChangeConfigurationParams({ today: '2026-12-01' }), { settings: { ties: { today: '2026-12-01' } } });
  });
});

describe('explicitValue', () => {
  it('prefers the folder, then the workspace, then the user value', () => {
    assert.equal(explicitValue({ defaultValue: 'hint', globalValue: 'warning', workspaceValue: 'error', workspaceFolderValue: 'off' }), 'off');
    assert.equal(explicitValue({ defaultValue: 'hint', globalValue: 'warning', workspaceValue: 'error' }), 'error');
    assert.equal(explicitValue({ defaultValue: 'hint', globalValue: 'warning' }), 'warning');
  });

  it('ignores the default, so ties.toml applies', () => {
    assert.equal(explicitValue({ defaultValue: 'hint' }), undefined);
    assert.equal(explicitValue(undefined), undefined);
    assert.deepEqual(
      toServerSettings((name) => explicitValue({ defaultValue: name === 'inlayHints' ? true : name === 'unknownMentions' ? 'hint' : '' })),
      {},
    );
  });

  it('keeps an explicit false', () => {
    assert.equal(explicitValue({ defaultValue: true, globalValue: false }), false);
  });
});
