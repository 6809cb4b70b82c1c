// Finds the `ties` binary: the `ties.server.path` setting, else the server bundled in a
// platform-specific extension (`<extension>/server/ties`), else `ties` on PATH (with PATHEXT on
// Windows). Pure apart from the default file check, so it is unit-tested on every platform's rules.
// No `vscode` import here.

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { LSP_SUBCOMMAND, SERVER_BINARY } from './constants';

/** What discovery may look at; `nodeEnvironment()` gives the real one. */
export interface Environment {
  platform: NodeJS.Platform;
  env: Readonly<Record<string, string | undefined>>;
  homedir: string;
  /** The folder a relative `ties.server.path` is resolved against (the first workspace folder). */
  baseDir?: string;
  /** The folder of the server shipped inside a platform-specific extension (`<extension>/server`);
   * the universal extension has none. */
  bundledDir?: string;
  /** True when `file` is a file this process may execute. */
  isExecutable(file: string): boolean;
}

/** The raw values of `ties.server.path` and `ties.server.args`, as read from the settings. */
export interface ServerSettings {
  path: unknown;
  args: unknown;
}

/** What was tried, for the log and for the message shown when nothing is found. */
export interface Tried {
  /** `setting`: `ties.server.path` was set; `bundled`: the server shipped in the extension;
   * `path`: `ties` was looked up on PATH. */
  source: 'setting' | 'bundled' | 'path';
  /** The value of `ties.server.path` as written (source `setting`). */
  setting?: string;
  /** The name looked up on PATH, when a PATH search was made. */
  name?: string;
  /** The PATH folders searched, in order (empty when no PATH search was made). */
  searched: string[];
  /** Every file checked, in order. */
  candidates: string[];
}

export type Discovery =
  | {
      found: true;
      /** The executable to spawn. */
      command: string;
      /** `ties.server.args` followed by `lsp`. */
      args: string[];
      /** Spawn through a shell: needed on Windows for a `.cmd` or `.bat` wrapper. */
      shell: boolean;
      tried: Tried;
    }
  | { found: false; tried: Tried };

function pathApi(platform: NodeJS.Platform): path.PlatformPath {
  return platform === 'win32' ? path.win32 : path.posix;
}

/** An environment variable; Windows names are case-insensitive (`Path`, `PATH`). */
export function getEnv(env: Environment['env'], name: string, platform: NodeJS.Platform): string | undefined {
  if (platform !== 'win32') {
    return env[name];
  }
  const key = Object.keys(env).find((k) => k.toUpperCase() === name.toUpperCase());
  return key === undefined ? undefined : env[key];
}

/** The folders of PATH, in order, without empty entries (or Windows quotes). */
export function pathDirs(env: Environment['env'], platform: NodeJS.Platform): string[] {
  const value = getEnv(env, 'PATH', platform) ?? '';
  const delimiter = platform === 'win32' ? ';' : ':';
  return value
    .split(delimiter)
    .map((d) => (platform === 'win32' ? d.trim().replace(/^"(.*)"$/, '$1') : d))
    .filter((d) => d.length > 0);
}

/** The executable extensions to try on Windows (PATHEXT), or `['']` elsewhere. */
export function pathExts(env: Environment['env'], platform: NodeJS.Platform): string[] {
  if (platform !== 'win32') {
    return [''];
  }
  const value = getEnv(env, 'PATHEXT', platform) ?? '.COM;.EXE;.BAT;.CMD';
  const exts = value
    .split(';')
    .map((e) => e.trim())
    .filter((e) => e.length > 0);
  return exts.length > 0 ? exts : ['.EXE'];
}

/** The files that `file` may stand for: itself, and on Windows with each PATHEXT extension. */
export function withExtensions(file: string, env: Environment['env'], platform: NodeJS.Platform): string[] {
  if (platform !== 'win32') {
    return [file];
  }
  const exts = pathExts(env, platform);
  const ext = path.win32.extname(file).toLowerCase();
  const hasKnownExt = ext !== '' && exts.some((e) => e.toLowerCase() === ext);
  return [...(hasKnownExt ? [file] : []), ...exts.map((e) => file + e)];
}

/** Looks `name` up on PATH: the first executable candidate wins. */
export function searchPath(name: string, environment: Environment): { file?: string; searched: string[]; candidates: string[] } {
  const p = pathApi(environment.platform);
  const searched = pathDirs(environment.env, environment.platform);
  const candidates: string[] = [];
  for (const dir of searched) {
    for (const file of withExtensions(p.join(dir, name), environment.env, environment.platform)) {
      candidates.push(file);
      if (environment.isExecutable(file)) {
        return { file, searched, candidates };
      }
    }
  }
  return { searched, candidates };
}

/** `ties.server.args` as strings (anything else in the array is dropped). */
export function normalizeArgs(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((a): a is string => typeof a === 'string') : [];
}

/** Expands a leading `~` and resolves a relative path against `baseDir`. */
export function resolveSettingPath(value: string, environment: Environment): string {
  const p = pathApi(environment.platform);
  let file = value;
  if (file === '~') {
    file = environment.homedir;
  } else if (file.startsWith('~/') || (environment.platform === 'win32' && file.startsWith('~\\'))) {
    file = p.join(environment.homedir, file.slice(2));
  }
  if (!p.isAbsolute(file) && environment.baseDir !== undefined) {
    file = p.join(environment.baseDir, file);
  }
  return file;
}

/** True for a bare command name such as `ties` (no folder part), which is looked up on PATH. */
export function isBareName(value: string, platform: NodeJS.Platform): boolean {
  const seps = platform === 'win32' ? /[\\/:]/ : /\//;
  return !seps.test(value) && !value.startsWith('~') && value !== '.' && value !== '..';
}

function needsShell(command: string, platform: NodeJS.Platform): boolean {
  return platform === 'win32' && /\.(bat|cmd)$/i.test(command);
}

/** The file of the bundled server in `bundledDir`: `ties`, or `ties.exe` on Windows (the
 * packaging script puts exactly that file there; no PATHEXT search). */
export function bundledServer(bundledDir: string, platform: NodeJS.Platform): string {
  return pathApi(platform).join(bundledDir, platform === 'win32' ? `${SERVER_BINARY}.exe` : SERVER_BINARY);
}

/** Where a found server comes from, for the log: `bundled with the extension`. */
export function describeSource(tried: Tried): string {
  switch (tried.source) {
    case 'setting':
      return 'from ties.server.path';
    case 'bundled':
      return 'bundled with the extension';
    case 'path':
      return 'found on PATH';
  }
}

/** Finds the server to run: `<path> <args...> lsp`. Order: `ties.server.path` (when set, it is
 * the only place looked at), the bundled server, `ties` on PATH. */
export function findServer(settings: ServerSettings, environment: Environment): Discovery {
  const args = [...normalizeArgs(settings.args), LSP_SUBCOMMAND];
  const configured = typeof settings.path === 'string' ? settings.path.trim() : '';
  const found = (command: string, tried: Tried): Discovery => ({
    found: true,
    command,
    args,
    shell: needsShell(command, environment.platform),
    tried,
  });

  if (configured === '') {
    const checked: string[] = [];
    if (environment.bundledDir !== undefined && environment.bundledDir !== '') {
      const file = bundledServer(environment.bundledDir, environment.platform);
      checked.push(file);
      if (environment.isExecutable(file)) {
        return found(file, { source: 'bundled', searched: [], candidates: checked });
      }
    }
    const r = searchPath(SERVER_BINARY, environment);
    const tried: Tried = { source: 'path', name: SERVER_BINARY, searched: r.searched, candidates: [...checked, ...r.candidates] };
    return r.file !== undefined ? found(r.file, tried) : { found: false, tried };
  }

  if (isBareName(configured, environment.platform)) {
    const r = searchPath(configured, environment);
    const tried: Tried = { source: 'setting', setting: configured, name: configured, searched: r.searched, candidates: r.candidates };
    return r.file !== undefined ? found(r.file, tried) : { found: false, tried };
  }

  const resolved = resolveSettingPath(configured, environment);
  const candidates: string[] = [];
  for (const file of withExtensions(resolved, environment.env, environment.platform)) {
    candidates.push(file);
    if (environment.isExecutable(file)) {
      return found(file, { source: 'setting', setting: configured, searched: [], candidates });
    }
  }
  return { found: false, tried: { source: 'setting', setting: configured, searched: [], candidates } };
}

/** The real file check: a regular file, executable by this process (any file on Windows). */
export function isExecutableFile(platform: NodeJS.Platform = process.platform): (file: string) => boolean {
  return (file) => {
    try {
      if (!fs.statSync(file).isFile()) {
        return false;
      }
      if (platform !== 'win32') {
        fs.accessSync(file, fs.constants.X_OK);
      }
      return true;
    } catch {
      return false;
    }
  };
}

/** This process's environment; `bundledDir` is `<extension>/server`. */
export function nodeEnvironment(baseDir?: string, bundledDir?: string): Environment {
  return {
    platform: process.platform,
    env: process.env,
    homedir: os.homedir(),
    ...(baseDir !== undefined ? { baseDir } : {}),
    ...(bundledDir !== undefined ? { bundledDir } : {}),
    isExecutable: isExecutableFile(process.platform),
  };
}

/** Quotes an argument for cmd.exe, as a shell spawn on Windows (`shell: true`) passes it on as is. */
export function quoteForCmd(arg: string): string {
  return arg === '' || /[\s"&|<>^()%!,;=]/.test(arg) ? `"${arg.replace(/"/g, '""')}"` : arg;
}

/** What to spawn for a found server: through cmd.exe, the command and arguments are quoted. */
export function spawnCommand(found: { command: string; args: string[]; shell: boolean }): { command: string; args: string[]; shell: boolean } {
  if (!found.shell) {
    return { command: found.command, args: [...found.args], shell: false };
  }
  return { command: quoteForCmd(found.command), args: found.args.map(quoteForCmd), shell: true };
}

/** A command line for messages and logs, quoting what needs it. */
export function formatCommandLine(command: string, args: readonly string[]): string {
  return [command, ...args].map((a) => (a === '' || /[^\w./:\\@%+=,-]/.test(a) ? `"${a.replace(/"/g, '\\"')}"` : a)).join(' ');
}
