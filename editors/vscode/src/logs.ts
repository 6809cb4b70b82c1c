// Reads the level of a line the server writes to stderr, so that the output channel shows the
// server's INFO lines as info rather than as errors. No `vscode` import here.

export type LogLevelName = 'trace' | 'debug' | 'info' | 'warn' | 'error';

const LEVELS: Record<string, LogLevelName> = {
  TRACE: 'trace',
  DEBUG: 'debug',
  INFO: 'info',
  WARN: 'warn',
  ERROR: 'error',
};

/**
 * The level of a stderr line of `ties lsp`: its log lines read `[2026-11-26T08:00:00Z] LEVEL target: message`
 * (ANSI colours allowed). Anything else (a usage error, a panic) counts as an error.
 */
export function serverLogLevel(line: string): LogLevelName {
  // eslint-disable-next-line no-control-regex
  const plain = line.replace(/\x1b\[[0-9;]*m/g, '');
  const m = /^\s*(?:\d{4}-\d\d-\d\dT\S*\s+)?(TRACE|DEBUG|INFO|WARN|ERROR)\s/.exec(plain);
  return m ? LEVELS[m[1]] : 'error';
}

/** The line without ANSI colours and the leading blank. */
export function plainLogLine(line: string): string {
  // eslint-disable-next-line no-control-regex
  return line.replace(/\x1b\[[0-9;]*m/g, '').trimStart();
}
