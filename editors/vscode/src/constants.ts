// Names and addresses shared by the extension and its tests. No `vscode` import here.

/** Where the install instructions live (the README's Install section). */
export const INSTALL_URL = 'https://github.com/ties-notes/ties#install';

/** How to install the server, as shown in messages. */
export const INSTALL_COMMAND = 'cargo install --path .';

/** The server binary's name, looked up on PATH when `ties.server.path` is empty. */
export const SERVER_BINARY = 'ties';

/** The subcommand that starts the language server on stdio. */
export const LSP_SUBCOMMAND = 'lsp';

/**
 * The commands the server runs through `workspace/executeCommand`. `SINCE_FIRST_RELEASE` every
 * ties server has; the views ask for the others and say "needs a newer ties server" when the
 * server does not list them (README.md, "Server commands", has their JSON).
 */
export const SERVER_COMMANDS = {
  followUps: 'ties.followUps',
  logCatchUp: 'ties.logCatchUp',
  contacts: 'ties.contacts',
  plan: 'ties.plan',
  intro: 'ties.intro',
  graph: 'ties.graph',
} as const;

/** The server commands every ties server has: the extension relies on these. */
export const SINCE_FIRST_RELEASE: readonly string[] = [SERVER_COMMANDS.followUps, SERVER_COMMANDS.logCatchUp];
