// Maps the extension's `ties.*` settings to what the server reads (`initializationOptions` and
// `workspace/didChangeConfiguration`). No `vscode` import here.

/**
 * The settings the server reads, in the order of its own list (`SETTINGS` in src/lsp/state.rs).
 * package.json declares each as `ties.<name>`, next to `ties.server.path` and `ties.server.args`.
 */
export const SERVER_SETTINGS = ['today', 'unknownMentions', 'inlayHints', 'cadence', 'peopleDir', 'journalDir', 'staleAfterDays'] as const;

export type ServerSettingName = (typeof SERVER_SETTINGS)[number];

/** The values of `ties.unknownMentions`. */
export const UNKNOWN_MENTIONS = ['off', 'hint', 'information', 'warning', 'error'] as const;

/** What the server is sent: unset and empty values are left out, so `ties.toml` applies. */
export interface ServerSettingsObject {
  today?: string;
  unknownMentions?: string;
  inlayHints?: boolean;
  cadence?: string;
  peopleDir?: string;
  journalDir?: string;
  staleAfterDays?: number;
}

const BOOLEAN_SETTINGS: ReadonlySet<ServerSettingName> = new Set(['inlayHints']);
const NUMBER_SETTINGS: ReadonlySet<ServerSettingName> = new Set(['staleAfterDays']);

/**
 * Reads the server settings through `get` (for example `name => config.get(name)` on the `ties`
 * section). Strings are trimmed and left out when empty; values of the wrong type are left out.
 */
export function toServerSettings(get: (name: ServerSettingName) => unknown): ServerSettingsObject {
  const out: Record<string, string | boolean | number> = {};
  for (const name of SERVER_SETTINGS) {
    const value = get(name);
    if (BOOLEAN_SETTINGS.has(name)) {
      if (typeof value === 'boolean') {
        out[name] = value;
      }
    } else if (NUMBER_SETTINGS.has(name)) {
      // Unset is null: `ties.toml` (or the server's default) applies.
      if (typeof value === 'number' && Number.isInteger(value) && value >= 0) {
        out[name] = value;
      }
    } else if (typeof value === 'string' && value.trim() !== '') {
      out[name] = value.trim();
    }
  }
  return out;
}

/** The params of `workspace/didChangeConfiguration`: the settings under a `ties` key. */
export function didChangeConfigurationParams(settings: ServerSettingsObject): { settings: { ties: ServerSettingsObject } } {
  return { settings: { ties: settings } };
}

/** The scopes of a setting, as `WorkspaceConfiguration.inspect()` returns them. */
export interface SettingScopes {
  defaultValue?: unknown;
  globalValue?: unknown;
  workspaceValue?: unknown;
  workspaceFolderValue?: unknown;
}

/**
 * The value the user set, in any scope (folder over workspace over user), or undefined when only
 * the default applies. The defaults are not sent: a value left at its default must not override
 * the vault's `ties.toml` (for example `unknown_mentions`).
 */
export function explicitValue(scopes: SettingScopes | undefined): unknown {
  if (scopes === undefined) {
    return undefined;
  }
  return scopes.workspaceFolderValue ?? scopes.workspaceValue ?? scopes.globalValue;
}
