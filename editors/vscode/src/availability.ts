// Whether the server knows a command, and what a view says when it does not. No `vscode` import
// here.

/** A server command's answer as the views see it. */
export type Answer = { kind: 'ok'; value: unknown } | { kind: 'unavailable' } | { kind: 'not-running' } | { kind: 'error'; message: string };

/** The view's message when the server is older than the view (it has no such command yet). */
export function notAvailableMessage(what: string, command: string): string {
  return `${what} needs a newer ties server (it does not know ${command} yet). Update ties, then run "ties: Restart server".`;
}

/**
 * Whether a failed `workspace/executeCommand` means "no such command": the server answers
 * InvalidParams (-32602) or MethodNotFound (-32601) with "unknown command ..." in the message.
 */
export function isUnknownCommand(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) {
    return false;
  }
  const e = error as { code?: unknown; message?: unknown };
  const message = typeof e.message === 'string' ? e.message : '';
  return /unknown command|command .* not found|not supported/i.test(message) || e.code === -32601;
}

/**
 * Whether the server said at initialization that it runs `command`. Servers list their commands
 * in `capabilities.executeCommandProvider.commands`; without that list, assume it might.
 */
export function advertises(capabilities: unknown, command: string): boolean {
  const list = (capabilities as { executeCommandProvider?: { commands?: unknown } } | undefined)?.executeCommandProvider?.commands;
  return !Array.isArray(list) || list.includes(command);
}

/** The message a view shows instead of its items, or undefined when the answer is usable. */
export function problemOf(answer: Answer, what: string, command: string): string | undefined {
  switch (answer.kind) {
    case 'ok':
      return undefined;
    case 'unavailable':
      return notAvailableMessage(what, command);
    case 'not-running':
      return 'The ties server is not running. See the "ties" output, or run "ties: Restart server".';
    case 'error':
      return `ties could not answer: ${answer.message}`;
  }
}
