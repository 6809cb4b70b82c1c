// The texts of the notifications about the server: not found, failed to start, keeps stopping.
// No `vscode` import here.

import { INSTALL_COMMAND, SERVER_BINARY } from './constants';
import { describeSource, type Tried } from './discovery';

/** The button that opens `INSTALL_URL`. */
export const OPEN_INSTALL_INSTRUCTIONS = 'Open install instructions';
/** The button that shows the output channel. */
export const SHOW_OUTPUT = 'Show output';
/** The button that runs `ties.restart`. */
export const RESTART_SERVER = 'Restart server';

const HOW_TO_INSTALL = `Install it with "${INSTALL_COMMAND}" from a checkout of ties`;
const MAX_DIRS_SHOWN = 4;

/** A list of folders, cut after a few: `a, b, c, d and 3 more`. */
export function shortList(items: readonly string[], max = MAX_DIRS_SHOWN): string {
  if (items.length <= max) {
    return items.join(', ');
  }
  return `${items.slice(0, max).join(', ')} and ${items.length - max} more`;
}

/** Where the server was looked for, in a few words. */
export function describeTried(tried: Tried): string {
  if (tried.source === 'bundled') {
    return `the server bundled with the extension (${tried.candidates.join(', ')})`;
  }
  if (tried.source === 'setting' && tried.searched.length === 0 && tried.name === undefined) {
    const checked = tried.candidates.length > 1 ? ` (checked ${tried.candidates.join(', ')})` : '';
    return `ties.server.path is "${tried.setting ?? ''}"${checked}`;
  }
  const what = tried.source === 'setting' ? `ties.server.path is "${tried.setting ?? ''}", looked up on PATH` : `looked for "${tried.name ?? SERVER_BINARY}" on PATH`;
  const where = tried.searched.length === 0 ? 'PATH is empty' : `searched ${tried.searched.length} folder${tried.searched.length === 1 ? '' : 's'}: ${shortList(tried.searched)}`;
  return `${what} (${where})`;
}

/** The one message shown when the server binary is not found. */
export function notFoundMessage(tried: Tried): string {
  const fix = tried.source === 'setting' ? 'or fix ties.server.path' : 'or set ties.server.path to the binary';
  return `ties: the language server was not found: ${describeTried(tried)}. ${HOW_TO_INSTALL}, ${fix}.`;
}

/** The one message shown when the server was found but did not start. */
export function startFailedMessage(commandLine: string, tried: Tried, error: unknown): string {
  const from = describeSource(tried);
  return (
    `ties: the language server failed to start: ${commandLine} (${from}): ${errorText(error)}. ` +
    `It must be a ties binary with the "lsp" command. ${HOW_TO_INSTALL}, or set ties.server.path. ` +
    'The output "ties" has the details.'
  );
}

/** The one message shown when the server keeps stopping and is not restarted any more. */
export function crashedMessage(stops: number, minutes: number): string {
  return `ties: the language server stopped ${stops} times in ${minutes} minutes and will not be restarted. The output "ties" has the details; "ties: Restart server" starts it again.`;
}

/** The message of an error, or a string for anything else, without a trailing period. */
export function errorText(error: unknown): string {
  let text: string;
  if (error instanceof Error) {
    text = error.message;
  } else if (typeof error === 'object' && error !== null && typeof (error as { message?: unknown }).message === 'string') {
    text = (error as { message: string }).message;
  } else {
    text = String(error);
  }
  text = text.trim().replace(/\.+$/, '');
  return text === '' ? 'unknown error' : text;
}

/** A restart budget: `record()` says whether one more restart is allowed within the window. */
export class RestartBudget {
  private readonly stops: number[] = [];

  constructor(
    readonly maxRestarts: number,
    readonly windowMs: number,
  ) {}

  /** Records a stop at `now`; true when the server may be restarted once more. */
  record(now: number): boolean {
    this.stops.push(now);
    while (this.stops.length > 0 && now - this.stops[0] > this.windowMs) {
      this.stops.shift();
    }
    return this.stops.length <= this.maxRestarts;
  }

  /** The stops within the window at the last `record()`. */
  get count(): number {
    return this.stops.length;
  }

  reset(): void {
    this.stops.length = 0;
  }
}
