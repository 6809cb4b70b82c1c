// The VS Code client of `ties lsp`: finds and starts the server, maps the settings, and adds the
// commands. The logic worth testing lives in the modules it imports (discovery, settings,
// followups, messages), which do not import `vscode`.

import * as path from 'node:path';
import * as readline from 'node:readline';
import type { Readable } from 'node:stream';
import * as vscode from 'vscode';
import {
  CloseAction,
  DidChangeConfigurationNotification,
  ErrorAction,
  ExecuteCommandRequest,
  LanguageClient,
  type LanguageClientOptions,
  ResponseError,
  RevealOutputChannelOn,
  type ServerOptions,
  State,
} from 'vscode-languageclient/node';
import { advertises, isUnknownCommand } from './availability';
import { INSTALL_URL, SERVER_COMMANDS } from './constants';
import { type Discovery, describeSource, findServer, formatCommandLine, nodeEnvironment, spawnCommand, type Tried } from './discovery';
import { type FollowUpAction, type FollowUpItem, localDate, parseFollowUps, pickAction, sortFollowUps, toQuickPickItems } from './followups';
import type { Range } from './json';
import { plainLogLine, serverLogLevel } from './logs';
import {
  crashedMessage,
  describeTried,
  errorText,
  notFoundMessage,
  OPEN_INSTALL_INSTRUCTIONS,
  RESTART_SERVER,
  RestartBudget,
  SHOW_OUTPUT,
  startFailedMessage,
} from './messages';
import { showNetworkMap } from './mapPanel';
import { parseIntro, pathText } from './plan';
import { didChangeConfigurationParams, explicitValue, type ServerSettingsObject, toServerSettings } from './settings';
import { type Answer, contactOf, followUpOf, OPEN_LOCATION, openLocation, type ServerAccess, toRange, Views } from './views';

const SECTION = 'ties';
const DOCUMENT_SELECTOR = [
  { scheme: 'file', language: 'markdown' },
  { scheme: 'untitled', language: 'markdown' },
];
/** Restarts after unexpected stops: at most this many within the window, then a message. */
const MAX_RESTARTS = 3;
const RESTART_WINDOW_MINUTES = 3;

type Feature = Parameters<LanguageClient['registerFeature']>[0];

/** Logs each line of a server stream at its own level (the client logs all stderr as errors). */
function pipeLines(input: Readable, log: vscode.LogOutputChannel, level: (line: string) => 'trace' | 'debug' | 'info' | 'warn' | 'error'): void {
  readline
    .createInterface({ input, crlfDelay: Infinity, terminal: false, historySize: 0 })
    .on('line', (line) => log[level(line)](`[server] ${plainLogLine(line)}`));
}

class TiesLanguageClient extends LanguageClient {
  /** The extension shows its own notifications, one per failure: the client only logs. */
  override error(message: string, data?: unknown): void {
    super.error(message, data, false);
  }

  /**
   * The server's commands (`ties.followUps`, `ties.logCatchUp`) run through this extension's own
   * commands. The client's execute-command feature would register them as VS Code commands as
   * well, and `ties.logCatchUp` is also the id of ours: registering it twice fails the start.
   */
  override registerFeature(feature: Feature): void {
    if ('registrationType' in feature && feature.registrationType.method === ExecuteCommandRequest.method) {
      return;
    }
    super.registerFeature(feature);
  }
}

/** The settings sent to the server: only those the user set (see `explicitValue`). */
function serverSettings(): ServerSettingsObject {
  const config = vscode.workspace.getConfiguration(SECTION);
  return toServerSettings((name) => explicitValue(config.inspect(name)));
}

function firstFileFolder(): string | undefined {
  return vscode.workspace.workspaceFolders?.find((f) => f.uri.scheme === 'file')?.uri.fsPath;
}

type Failure = { kind: 'not-found'; tried: Tried } | { kind: 'start-failed' } | { kind: 'crashed' };

interface Running {
  client: TiesLanguageClient;
  /** Set before an intended stop, so that the stop is not taken for a crash. */
  stopping: boolean;
}

/** Starts, stops and restarts the client, one operation at a time. */
class Server implements vscode.Disposable, ServerAccess {
  private current: Running | undefined;
  private readonly running = new vscode.EventEmitter<boolean>();
  readonly onDidChangeRunning = this.running.event;
  private failure: Failure | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  private readonly budget = new RestartBudget(MAX_RESTARTS, RESTART_WINDOW_MINUTES * 60_000);

  constructor(
    private readonly log: vscode.LogOutputChannel,
    /** `<extension>/server`: where a platform-specific extension keeps its `ties`. */
    private readonly bundledDir: string,
  ) {}

  private enqueue<T>(op: () => Promise<T>): Promise<T> {
    const next = this.queue.then(op, op);
    this.queue = next.catch(() => undefined);
    return next;
  }

  start(): Promise<boolean> {
    return this.enqueue(() => this.doStart());
  }

  stop(): Promise<void> {
    return this.enqueue(() => this.doStop());
  }

  /** Stops the server if it runs, finds it again (the settings may have changed) and starts it. */
  restart(byUser = false): Promise<boolean> {
    if (byUser) {
      this.budget.reset();
    }
    return this.enqueue(async () => {
      await this.doStop();
      return this.doStart();
    });
  }

  dispose(): void {
    void this.stop();
    this.running.dispose();
  }

  /** Runs a server command for a view: no notification, the answer says what happened. */
  async run(command: string, args?: unknown[]): Promise<Answer> {
    await this.queue;
    const client = this.current?.client;
    if (client === undefined || client.state !== State.Running) {
      return { kind: 'not-running' };
    }
    if (!advertises(client.initializeResult?.capabilities, command)) {
      return { kind: 'unavailable' };
    }
    try {
      const value: unknown = await client.sendRequest(ExecuteCommandRequest.type, { command, arguments: args ?? [] });
      return { kind: 'ok', value };
    } catch (error) {
      return isUnknownCommand(error) ? { kind: 'unavailable' } : { kind: 'error', message: errorText(error) };
    }
  }

  /** The running client, after any pending start; undefined (and a message) when there is none. */
  async client(): Promise<TiesLanguageClient | undefined> {
    await this.queue;
    if (this.current !== undefined && this.current.client.state === State.Running) {
      return this.current.client;
    }
    this.notifyNotRunning();
    return undefined;
  }

  /** Sends the settings to the running server. */
  async sendSettings(): Promise<void> {
    await this.queue;
    const client = this.current?.client;
    if (client === undefined || client.state !== State.Running) {
      return;
    }
    const settings = serverSettings();
    this.log.info(`Sending settings: ${JSON.stringify(settings)}`);
    try {
      await client.sendNotification(DidChangeConfigurationNotification.type, didChangeConfigurationParams(settings));
    } catch (error) {
      this.log.error(`Sending the settings failed: ${errorText(error)}`);
    }
  }

  private async doStart(): Promise<boolean> {
    if (this.current !== undefined) {
      return true;
    }
    const config = vscode.workspace.getConfiguration(SECTION);
    const discovery = findServer({ path: config.get('server.path'), args: config.get('server.args') }, nodeEnvironment(firstFileFolder(), this.bundledDir));
    this.logDiscovery(discovery);
    if (!discovery.found) {
      this.failure = { kind: 'not-found', tried: discovery.tried };
      this.notifyNotFound(discovery.tried);
      return false;
    }

    const commandLine = formatCommandLine(discovery.command, discovery.args);
    const spawn = spawnCommand(discovery);
    const serverOptions: ServerOptions = {
      command: spawn.command,
      args: spawn.args,
      // No `transport`: with TransportKind.stdio the client would append `--stdio`.
      options: { shell: spawn.shell },
    };
    const clientOptions: LanguageClientOptions = {
      documentSelector: DOCUMENT_SELECTOR,
      outputChannel: this.log,
      stdioOptions: {
        stdout: (input, log) => pipeLines(input, log, () => 'info'),
        stderr: (input, log) => pipeLines(input, log, serverLogLevel),
      },
      revealOutputChannelOn: RevealOutputChannelOn.Never,
      middleware: {
        // The server's code lenses, unless the user turned them off (`ties.codeLens`).
        provideCodeLenses: (document, token, next) => (vscode.workspace.getConfiguration(SECTION).get('codeLens', true) ? next(document, token) : []),
      },
      initializationOptions: serverSettings(),
      // One failure, one message: no retry here, and the start's failure is reported below.
      initializationFailedHandler: (error) => {
        this.log.error(`Initializing the server failed: ${errorText(error)}`);
        return false;
      },
      errorHandler: {
        error: (_error, _message, count) => ({
          action: count !== undefined && count <= 3 ? ErrorAction.Continue : ErrorAction.Shutdown,
          handled: true,
        }),
        // Never restarted by the client: `onUnexpectedStop` decides, with a budget.
        closed: () => ({ action: CloseAction.DoNotRestart, handled: true }),
      },
    };
    const client = new TiesLanguageClient('ties', 'ties', serverOptions, clientOptions);
    const running: Running = { client, stopping: false };
    this.current = running;
    // Subscribed before the start: the server may stop right after initializing.
    let started = false;
    client.onDidChangeState((e) => {
      if (started && e.newState === State.Stopped && !running.stopping && this.current === running) {
        this.onUnexpectedStop(running);
      }
    });
    this.log.info(`Starting the server: ${commandLine}`);
    try {
      await client.start();
    } catch (error) {
      this.current = undefined;
      this.failure = { kind: 'start-failed' };
      await this.disposeQuietly(client);
      this.log.error(`The server failed to start: ${errorText(error)}`);
      this.notify('error', startFailedMessage(commandLine, discovery.tried, error), [OPEN_INSTALL_INSTRUCTIONS, SHOW_OUTPUT]);
      return false;
    }
    started = true;
    this.failure = undefined;
    this.running.fire(true);
    const info = client.initializeResult?.serverInfo;
    this.log.info(`The server is running: ${info?.name ?? '?'} ${info?.version ?? ''}`.trimEnd());
    if (client.state !== State.Running) {
      this.onUnexpectedStop(running);
      return false;
    }
    return true;
  }

  private async doStop(): Promise<void> {
    const running = this.current;
    this.current = undefined;
    if (running === undefined) {
      return;
    }
    running.stopping = true;
    await this.disposeQuietly(running.client);
    this.running.fire(false);
  }

  private async disposeQuietly(client: LanguageClient): Promise<void> {
    try {
      await client.dispose();
    } catch (error) {
      this.log.warn(`Stopping the server: ${errorText(error)}`);
    }
  }

  private onUnexpectedStop(running: Running): void {
    this.current = undefined;
    this.running.fire(false);
    void this.disposeQuietly(running.client);
    if (this.budget.record(Date.now())) {
      this.log.warn('The server stopped unexpectedly; restarting it.');
      void this.restart();
      return;
    }
    this.failure = { kind: 'crashed' };
    this.log.error(`The server stopped ${this.budget.count} times in ${RESTART_WINDOW_MINUTES} minutes; not restarting it.`);
    this.notify('error', crashedMessage(this.budget.count, RESTART_WINDOW_MINUTES), [SHOW_OUTPUT, RESTART_SERVER]);
  }

  private logDiscovery(discovery: Discovery): void {
    const tried = discovery.tried;
    this.log.info(`Looking for the server: ${describeTried(tried)}`);
    if (tried.searched.length > 0) {
      this.log.debug(`PATH folders: ${tried.searched.join(', ')}`);
    }
    if (tried.candidates.length > 0) {
      this.log.debug(`Files checked: ${tried.candidates.join(', ')}`);
    }
    if (discovery.found) {
      this.log.info(`Found the server (${describeSource(tried)}): ${discovery.command}`);
    } else {
      this.log.error('The server was not found.');
    }
  }

  private notifyNotFound(tried: Tried): void {
    this.notify('error', notFoundMessage(tried), [OPEN_INSTALL_INSTRUCTIONS]);
  }

  private notifyNotRunning(): void {
    const failure = this.failure;
    if (failure?.kind === 'not-found') {
      this.notifyNotFound(failure.tried);
      return;
    }
    this.notify('warning', 'ties: the language server is not running.', [RESTART_SERVER, SHOW_OUTPUT]);
  }

  private notify(kind: 'error' | 'warning', message: string, buttons: string[]): void {
    const shown = kind === 'error' ? vscode.window.showErrorMessage(message, ...buttons) : vscode.window.showWarningMessage(message, ...buttons);
    void Promise.resolve(shown).then(async (choice) => {
      if (choice === OPEN_INSTALL_INSTRUCTIONS) {
        await vscode.env.openExternal(vscode.Uri.parse(INSTALL_URL));
      } else if (choice === SHOW_OUTPUT) {
        this.log.show(true);
      } else if (choice === RESTART_SERVER) {
        await this.restart(true);
      }
    });
  }
}

function activeMarkdownEditor(): vscode.TextEditor | undefined {
  const editor = vscode.window.activeTextEditor;
  if (editor === undefined || editor.document.languageId !== 'markdown') {
    void vscode.window.showInformationMessage('ties: put the cursor on a contact mention in a Markdown note first.');
    return undefined;
  }
  return editor;
}

function showRequestError(error: unknown): void {
  const text = errorText(error);
  if (error instanceof ResponseError) {
    void vscode.window.showWarningMessage(`ties: ${text}`);
  } else {
    void vscode.window.showErrorMessage(`ties: the request failed: ${text}`);
  }
}

async function showFollowUps(server: Server): Promise<void> {
  const client = await server.client();
  if (client === undefined) {
    return;
  }
  let result: unknown;
  try {
    result = await client.sendRequest(ExecuteCommandRequest.type, { command: SERVER_COMMANDS.followUps });
  } catch (error) {
    showRequestError(error);
    return;
  }
  const multiRoot = (vscode.workspace.workspaceFolders?.length ?? 0) > 1;
  const items = toQuickPickItems(sortFollowUps(parseFollowUps(result)), (uri) =>
    vscode.workspace.asRelativePath(client.protocol2CodeConverter.asUri(uri), multiRoot),
  );
  if (items.length === 0) {
    void vscode.window.showInformationMessage('ties: no open follow-ups.');
    return;
  }
  const pick = await vscode.window.showQuickPick<FollowUpItem>(items, {
    title: 'ties: follow-ups',
    placeHolder: 'Open follow-ups, overdue first',
    matchOnDescription: true,
    matchOnDetail: true,
  });
  if (pick === undefined) {
    return;
  }
  const uri = client.protocol2CodeConverter.asUri(pick.followUp.uri);
  const range = client.protocol2CodeConverter.asRange(pick.followUp.range);
  await vscode.window.showTextDocument(uri, { selection: range });
}

async function showHistory(): Promise<void> {
  const editor = activeMarkdownEditor();
  if (editor === undefined) {
    return;
  }
  try {
    await vscode.commands.executeCommand('references-view.findReferences', editor.document.uri, editor.selection.active);
  } catch {
    // The References view is a built-in extension that may be disabled: peek instead.
    await vscode.commands.executeCommand('editor.action.referenceSearch.trigger');
  }
}

async function logCatchUp(server: Server): Promise<void> {
  const editor = activeMarkdownEditor();
  if (editor === undefined) {
    return;
  }
  const client = await server.client();
  if (client === undefined) {
    return;
  }
  const c2p = client.code2ProtocolConverter;
  try {
    // The server applies the edit itself, through workspace/applyEdit.
    await client.sendRequest(ExecuteCommandRequest.type, {
      command: SERVER_COMMANDS.logCatchUp,
      arguments: [c2p.asUri(editor.document.uri), c2p.asPosition(editor.selection.active)],
    });
  } catch (error) {
    showRequestError(error);
    return;
  }
  vscode.window.setStatusBarMessage("ties: catch-up logged in today's journal note", 5000);
}

/** Mark done / Snooze 1 week on a Follow-ups item: the server's code action at the task, applied. */
async function applyFollowUpAction(node: unknown, action: FollowUpAction, views: Views): Promise<void> {
  const f = followUpOf(node);
  if (f === undefined) {
    return;
  }
  const uri = vscode.Uri.parse(f.uri);
  const document = await vscode.workspace.openTextDocument(uri);
  const wasDirty = document.isDirty;
  const found = await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[] | undefined>(
    'vscode.executeCodeActionProvider',
    uri,
    toRange(f.range),
    undefined,
    20,
  );
  // Commands (whose `command` is a string) are not code actions: only code actions carry edits.
  const actions = (found ?? []).filter((a): a is vscode.CodeAction => typeof a.command !== 'string');
  const chosen = actions[pickAction(actions.map((a) => a.title), action)];
  if (chosen === undefined) {
    const what = action === 'done' ? 'Mark done' : 'Snooze 1 week';
    void vscode.window.showWarningMessage(`ties: "${what}" is not offered at that task any more (was it changed?). The view is refreshed.`);
    views.schedule(0);
    return;
  }
  if (chosen.edit !== undefined && !(await vscode.workspace.applyEdit(chosen.edit))) {
    void vscode.window.showWarningMessage(`ties: VS Code did not apply "${chosen.title}".`);
    return;
  }
  if (chosen.command !== undefined) {
    await vscode.commands.executeCommand(chosen.command.command, ...((chosen.command.arguments ?? []) as unknown[]));
  }
  // The note was clean: keep it so (the change was asked from the view, not typed).
  if (!wasDirty) {
    await document.save();
  }
  views.schedule(0);
}

async function showContactHistory(node: unknown): Promise<void> {
  const c = contactOf(node);
  if (c === undefined) {
    return;
  }
  await openLocation(c.uri, c.range);
  const position = new vscode.Position(c.range.start.line, c.range.start.character);
  try {
    await vscode.commands.executeCommand('references-view.findReferences', vscode.Uri.parse(c.uri), position);
  } catch {
    await vscode.commands.executeCommand('editor.action.referenceSearch.trigger');
  }
}

function answerProblem(answer: Answer, command: string): string | undefined {
  switch (answer.kind) {
    case 'ok':
      return undefined;
    case 'unavailable':
      return `ties: this server does not know ${command} yet; update ties.`;
    case 'not-running':
      return 'ties: the language server is not running.';
    case 'error':
      return `ties: ${answer.message}`;
  }
}

async function logCatchUpWith(node: unknown, s: Server, views: Views): Promise<void> {
  const c = contactOf(node);
  if (c === undefined) {
    return;
  }
  const answer = await s.run(SERVER_COMMANDS.logCatchUp, [c.uri, c.range.start]);
  const problem = answerProblem(answer, SERVER_COMMANDS.logCatchUp);
  if (problem !== undefined) {
    void vscode.window.showWarningMessage(problem);
    return;
  }
  vscode.window.setStatusBarMessage("ties: catch-up logged in today's journal note", 5000);
  views.schedule();
}

/** Ways into a company (`ties.intro`), in a quick pick; the pick opens the person's note. */
async function showIntro(s: Server, company?: unknown): Promise<void> {
  const name = typeof company === 'string' && company !== '' ? company : await vscode.window.showInputBox({ title: 'ties: ways into a company', prompt: 'Company name' });
  if (name === undefined || name.trim() === '') {
    return;
  }
  const answer = await s.run(SERVER_COMMANDS.intro, [name.trim()]);
  const problem = answerProblem(answer, SERVER_COMMANDS.intro);
  if (problem !== undefined) {
    void vscode.window.showWarningMessage(problem);
    return;
  }
  const paths = parseIntro(answer.kind === 'ok' ? answer.value : []);
  if (paths.length === 0) {
    void vscode.window.showInformationMessage(`ties: no known way into ${name.trim()}.`);
    return;
  }
  const pick = await vscode.window.showQuickPick(
    paths.map((p) => ({ label: pathText(p), detail: p.reason, path: p })),
    { title: `ties: ways into ${name.trim()}` },
  );
  if (pick !== undefined) {
    await openLocation(pick.path.uri, pick.path.range);
  }
}

/** `ties.today` when set, else the local date. */
function today(): string {
  const set = vscode.workspace.getConfiguration(SECTION).get<string>('today', '');
  return /^\d{4}-\d{2}-\d{2}$/.test(set) ? set : localDate(new Date());
}

let server: Server | undefined;

export function activate(context: vscode.ExtensionContext): void {
  const log = vscode.window.createOutputChannel('ties', { log: true });
  const s = new Server(log, path.join(context.extensionPath, 'server'));
  server = s;
  const views = new Views(s, today);
  context.subscriptions.push(
    s,
    views,
    vscode.commands.registerCommand(OPEN_LOCATION, (uri: string, range: Range) => openLocation(uri, range)),
    vscode.commands.registerCommand('ties.refreshViews', () => views.refresh()),
    vscode.commands.registerCommand('ties.followUp.markDone', (node: unknown) => applyFollowUpAction(node, 'done', views)),
    vscode.commands.registerCommand('ties.followUp.snooze', (node: unknown) => applyFollowUpAction(node, 'snooze', views)),
    vscode.commands.registerCommand('ties.contact.showHistory', (node: unknown) => showContactHistory(node)),
    vscode.commands.registerCommand('ties.contact.logCatchUp', (node: unknown) => logCatchUpWith(node, s, views)),
    vscode.commands.registerCommand('ties.showNetworkMap', () => showNetworkMap(context.extensionUri, s)),
    vscode.commands.registerCommand('ties.showIntro', (company?: unknown) => showIntro(s, company)),
    vscode.commands.registerCommand('ties.restart', async () => {
      if (await s.restart(true)) {
        vscode.window.setStatusBarMessage('ties: server restarted', 3000);
      }
    }),
    vscode.commands.registerCommand('ties.showFollowUps', () => showFollowUps(s)),
    vscode.commands.registerCommand('ties.showHistory', () => showHistory()),
    vscode.commands.registerCommand('ties.logCatchUp', () => logCatchUp(s)),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration(`${SECTION}.server`)) {
        log.info('ties.server changed: restarting the server.');
        void s.restart(true);
      } else if (e.affectsConfiguration(SECTION)) {
        void s.sendSettings();
        views.schedule();
      }
    }),
    log,
  );
  void s.start();
}

export async function deactivate(): Promise<void> {
  const s = server;
  server = undefined;
  await s?.stop();
}
