// A stand-in for the `vscode` module, enough to run the bundled extension and the language client
// under node: real Uri, Range, events and configuration, recorded notifications and commands, and
// an inert stub for everything else. Not a VS Code: it checks the wiring, not the UI.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/* eslint-disable @typescript-eslint/no-explicit-any, @typescript-eslint/no-unsafe-return, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-member-access */

/** An inert value for any API the tests do not care about: callable, constructible, disposable. */
function stub(name: string): any {
  const cache = new Map<PropertyKey, unknown>();
  const target = function () {
    /* stub */
  };
  return new Proxy(target, {
    get(t, prop) {
      if (prop === 'then') return undefined;
      if (prop === Symbol.iterator) return function* () {};
      if (prop === Symbol.toPrimitive) return () => `[stub ${name}]`;
      if (prop === 'toString' || prop === 'toJSON') return () => `[stub ${name}]`;
      if (prop === 'dispose') return () => undefined;
      if (prop === 'prototype') return t.prototype;
      if (prop === 'length') return 0;
      if (!cache.has(prop)) cache.set(prop, stub(`${name}.${String(prop)}`));
      return cache.get(prop);
    },
    apply: () => stub(`${name}()`),
    construct: (t, args, newTarget) => Reflect.construct(t, args, newTarget),
  });
}

/** Fills in what `real` lacks with stubs. */
function withStubs<T extends object>(name: string, real: T): T & Record<string, any> {
  return new Proxy(real, {
    get(t, prop, receiver) {
      if (prop in t || typeof prop === 'symbol') return Reflect.get(t, prop, receiver);
      const s = stub(`${name}.${prop}`);
      (t as any)[prop] = s;
      return s;
    },
  }) as any;
}

export class Disposable {
  constructor(private readonly fn: () => void = () => undefined) {}
  static from(...items: { dispose(): unknown }[]): Disposable {
    return new Disposable(() => items.forEach((i) => i.dispose()));
  }
  dispose(): void {
    this.fn();
  }
}

export class EventEmitter<T> {
  private listeners: ((e: T) => unknown)[] = [];
  readonly event = (listener: (e: T) => unknown): Disposable => {
    this.listeners.push(listener);
    return new Disposable(() => {
      this.listeners = this.listeners.filter((l) => l !== listener);
    });
  };
  fire(e: T): void {
    for (const l of [...this.listeners]) l(e);
  }
  dispose(): void {
    this.listeners = [];
  }
}

export class Uri {
  constructor(
    readonly scheme: string,
    readonly authority: string,
    readonly path: string,
    readonly query = '',
    readonly fragment = '',
  ) {}
  static parse(value: string): Uri {
    const u = new URL(value);
    const scheme = u.protocol.slice(0, -1);
    if (scheme === 'file') return Uri.file(fileURLToPath(u));
    return new Uri(scheme, u.host, decodeURIComponent(u.pathname), u.search.slice(1), u.hash.slice(1));
  }
  static file(p: string): Uri {
    return new Uri('file', '', path.resolve(p));
  }
  get fsPath(): string {
    return this.path;
  }
  with(change: Partial<Pick<Uri, 'scheme' | 'authority' | 'path' | 'query' | 'fragment'>>): Uri {
    return new Uri(change.scheme ?? this.scheme, change.authority ?? this.authority, change.path ?? this.path, change.query ?? this.query, change.fragment ?? this.fragment);
  }
  toString(): string {
    if (this.scheme === 'file') return pathToFileURL(this.path).href;
    const authority = this.authority === '' ? '' : `//${this.authority}`;
    return `${this.scheme}:${authority}${this.path}${this.query === '' ? '' : `?${this.query}`}${this.fragment === '' ? '' : `#${this.fragment}`}`;
  }
  toJSON(): string {
    return this.toString();
  }
}

export class Position {
  constructor(
    readonly line: number,
    readonly character: number,
  ) {}
  isEqual(o: Position): boolean {
    return o.line === this.line && o.character === this.character;
  }
}

export class Range {
  readonly start: Position;
  readonly end: Position;
  constructor(a: Position | number, b: Position | number, c?: number, d?: number) {
    if (typeof a === 'number') {
      this.start = new Position(a, b as number);
      this.end = new Position(c ?? 0, d ?? 0);
    } else {
      this.start = a;
      this.end = b as Position;
    }
  }
}

export class Selection extends Range {
  get active(): Position {
    return this.end;
  }
}

export class TextEdit {
  constructor(
    readonly range: Range,
    readonly newText: string,
  ) {}
}

export class WorkspaceEdit {
  readonly changes: [Uri, unknown][] = [];
  readonly created: Uri[] = [];
  set(uri: Uri, edits: unknown): void {
    this.changes.push([uri, edits]);
  }
  createFile(uri: Uri): void {
    this.created.push(uri);
  }
  renameFile(): void {}
  deleteFile(): void {}
}

export class CancellationTokenSource {
  private readonly emitter = new EventEmitter<void>();
  readonly token = { isCancellationRequested: false, onCancellationRequested: this.emitter.event };
  cancel(): void {
    this.token.isCancellationRequested = true;
    this.emitter.fire();
  }
  dispose(): void {}
}

export class CancellationError extends Error {}

export class ThemeIcon {
  constructor(readonly id: string) {}
}

export class TreeItem {
  id?: string;
  description?: string;
  tooltip?: string;
  contextValue?: string;
  iconPath?: ThemeIcon;
  command?: { command: string; title: string; arguments?: unknown[] };
  constructor(
    readonly label: string,
    readonly collapsibleState = 0,
  ) {}
}

export const TreeItemCollapsibleState = { None: 0, Collapsed: 1, Expanded: 2 } as const;
export const StatusBarAlignment = { Left: 1, Right: 2 } as const;
export const ViewColumn = { Active: -1, Beside: -2, One: 1 } as const;

/** A tree view as the extension made it: its provider, and the message it shows. */
export interface FakeTreeView {
  id: string;
  provider: { getChildren(node?: unknown): unknown; getTreeItem(node: unknown): TreeItem };
  message: string | undefined;
  visible: boolean;
}

/** A status bar item as the extension left it. */
export interface FakeStatusItem {
  id: string;
  text: string;
  command: unknown;
  visible: boolean;
}

export const LogLevel = { Off: 0, Trace: 1, Debug: 2, Info: 3, Warning: 4, Error: 5 } as const;

/** What the extension showed and did, for the tests to check. */
export interface Recorder {
  messages: { kind: 'error' | 'warning' | 'info'; message: string; buttons: string[] }[];
  quickPicks: { items: any[]; options: any }[];
  shown: { uri: Uri; options: { selection?: Range } }[];
  opened: string[];
  statusBar: string[];
  log: string[];
  executed: { command: string; args: unknown[] }[];
  applied: WorkspaceEdit[];
  trees: Map<string, FakeTreeView>;
  statusItems: FakeStatusItem[];
}

export interface FakeOptions {
  /** `ties.*` settings the user set, such as `{ 'server.path': '/x', today: '2026-11-26' }`. */
  settings: Record<string, unknown>;
  folders: string[];
  /** Which button to press on a notification (none by default). */
  press?: (message: string, buttons: string[]) => string | undefined;
  /** Which quick pick item to accept (none by default). */
  pick?: (items: any[]) => any;
}

const DEFAULTS: Record<string, unknown> = {
  'server.path': '',
  'server.args': [],
  today: '',
  unknownMentions: 'hint',
  inlayHints: true,
  cadence: '',
  peopleDir: '',
  journalDir: '',
};

export function createFakeVscode(options: FakeOptions) {
  const rec: Recorder = { messages: [], quickPicks: [], shown: [], opened: [], statusBar: [], log: [], executed: [], applied: [], trees: new Map(), statusItems: [] };
  const commands = new Map<string, (...args: unknown[]) => unknown>();
  const configEmitter = new EventEmitter<{ affectsConfiguration(section: string): boolean }>();
  const settings = { ...options.settings };
  const state = { activeTextEditor: undefined as any };

  const show = (kind: 'error' | 'warning' | 'info') => (message: string, ...buttons: unknown[]) => {
    const labels = buttons.filter((b): b is string => typeof b === 'string');
    rec.messages.push({ kind, message, buttons: labels });
    return Promise.resolve(options.press?.(message, labels));
  };

  const logger = (level: string) => (message: string) => {
    rec.log.push(`[${level}] ${message}`);
  };
  const outputChannel = withStubs('LogOutputChannel', {
    name: 'ties',
    logLevel: LogLevel.Info,
    onDidChangeLogLevel: new EventEmitter<number>().event,
    trace: logger('trace'),
    debug: logger('debug'),
    info: logger('info'),
    warn: logger('warn'),
    error: logger('error'),
    append: logger('append'),
    appendLine: logger('line'),
    replace: () => undefined,
    clear: () => undefined,
    show: () => undefined,
    hide: () => undefined,
    dispose: () => undefined,
  });

  const configuration = (section?: string) => {
    const key = (k: string) => (section === 'ties' ? k : section ? `${section.replace(/^ties\./, '')}.${k}` : k);
    return withStubs('WorkspaceConfiguration', {
      get: (k: string, dflt?: unknown) => {
        if (section !== 'ties') return dflt;
        const full = key(k);
        return full in settings ? settings[full] : full in DEFAULTS ? DEFAULTS[full] : dflt;
      },
      has: (k: string) => section === 'ties' && key(k) in DEFAULTS,
      inspect: (k: string) => {
        if (section !== 'ties') return undefined;
        const full = key(k);
        return { key: `ties.${full}`, defaultValue: DEFAULTS[full], ...(full in settings ? { globalValue: settings[full] } : {}) };
      },
      update: () => Promise.resolve(),
    });
  };

  const vscode = withStubs('vscode', {
    version: '1.99.0',
    Disposable,
    EventEmitter,
    Uri,
    Position,
    Range,
    Selection,
    TextEdit,
    WorkspaceEdit,
    CancellationTokenSource,
    CancellationError,
    LogLevel,
    ThemeIcon,
    TreeItem,
    TreeItemCollapsibleState,
    StatusBarAlignment,
    ViewColumn,
    env: withStubs('env', {
      appName: 'Fake VS Code',
      language: 'en',
      openExternal: (uri: Uri) => {
        rec.opened.push(uri.toString());
        return Promise.resolve(true);
      },
    }),
    window: withStubs('window', {
      createOutputChannel: () => outputChannel,
      showErrorMessage: show('error'),
      showWarningMessage: show('warning'),
      showInformationMessage: show('info'),
      showQuickPick: (items: any[], opts: any) => {
        rec.quickPicks.push({ items, options: opts });
        return Promise.resolve(options.pick?.(items));
      },
      showTextDocument: (uri: Uri, opts: { selection?: Range }) => {
        rec.shown.push({ uri, options: opts });
        return Promise.resolve(stub('TextEditor'));
      },
      setStatusBarMessage: (text: string) => {
        rec.statusBar.push(text);
        return new Disposable();
      },
      get activeTextEditor() {
        return state.activeTextEditor;
      },
      createTreeView: (id: string, opts: { treeDataProvider: FakeTreeView['provider'] }) => {
        const view = withStubs('TreeView', { id, provider: opts.treeDataProvider, message: undefined, visible: true, onDidChangeVisibility: new EventEmitter().event, dispose: () => undefined });
        rec.trees.set(id, view);
        return view;
      },
      createStatusBarItem: (id: string) => {
        const item = withStubs('StatusBarItem', {
          id,
          text: '',
          command: undefined,
          visible: false,
          show() {
            item.visible = true;
          },
          hide() {
            item.visible = false;
          },
          dispose: () => undefined,
        });
        rec.statusItems.push(item);
        return item;
      },
      visibleTextEditors: [],
      onDidChangeVisibleTextEditors: new EventEmitter().event,
      onDidChangeActiveTextEditor: new EventEmitter().event,
    }),
    workspace: withStubs('workspace', {
      get workspaceFolders() {
        return options.folders.map((f, index) => ({ uri: Uri.file(f), name: path.basename(f), index }));
      },
      textDocuments: [],
      notebookDocuments: [],
      getConfiguration: configuration,
      onDidChangeConfiguration: configEmitter.event,
      asRelativePath: (uri: Uri | string) => {
        const p = typeof uri === 'string' ? uri : uri.fsPath;
        const folder = options.folders.find((f) => p.startsWith(f + path.sep));
        return folder ? path.relative(folder, p) : p;
      },
      findFiles: (glob: string) => Promise.resolve(glob.endsWith('ties.toml') ? options.folders.filter((f) => fs.existsSync(path.join(f, 'ties.toml'))).map((f) => Uri.file(path.join(f, 'ties.toml'))) : []),
      applyEdit: (edit: WorkspaceEdit) => {
        rec.applied.push(edit);
        return Promise.resolve(true);
      },
    }),
    commands: withStubs('commands', {
      registerCommand: (id: string, fn: (...args: unknown[]) => unknown) => {
        if (commands.has(id)) throw new Error(`command '${id}' already exists`);
        commands.set(id, fn);
        return new Disposable(() => commands.delete(id));
      },
      executeCommand: (id: string, ...args: unknown[]) => {
        rec.executed.push({ command: id, args });
        const fn = commands.get(id);
        return fn ? Promise.resolve(fn(...args)) : Promise.reject(new Error(`command '${id}' not found`));
      },
    }),
    languages: withStubs('languages', {
      match: () => 10,
    }),
  });

  return {
    vscode,
    rec,
    commands,
    setEditor(uri: Uri, line: number, character: number) {
      const pos = new Position(line, character);
      state.activeTextEditor = { document: { uri, languageId: 'markdown', version: 1 }, selection: new Selection(pos, pos) };
    },
    /** Changes settings and fires onDidChangeConfiguration. */
    changeSettings(changed: Record<string, unknown>) {
      Object.assign(settings, changed);
      const keys = Object.keys(changed).map((k) => `ties.${k}`);
      configEmitter.fire({ affectsConfiguration: (s: string) => keys.some((k) => k === s || k.startsWith(`${s}.`)) });
    },
  };
}
