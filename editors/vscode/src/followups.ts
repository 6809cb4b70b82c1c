// The follow-ups returned by the server's `ties.followUps` command: checked, sorted and turned
// into quick pick items. No `vscode` import here.

export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

/** One open follow-up, as the server sends it. */
export interface FollowUp {
  uri: string;
  range: Range;
  text: string;
  /** `YYYY-MM-DD`, or null when the task has no due date. */
  due: string | null;
  /** `5 days overdue`, `due today`, `due in 3 days`, `no due date`. */
  status: string;
  overdue: boolean;
  /** The names of the contacts the task mentions. */
  with: string[];
}

/** A quick pick item (structurally a `vscode.QuickPickItem`) with its follow-up. */
export interface FollowUpItem {
  label: string;
  description: string;
  detail: string;
  followUp: FollowUp;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isPosition(v: unknown): v is Position {
  return isObject(v) && Number.isInteger(v.line) && Number.isInteger(v.character);
}

function isRange(v: unknown): v is Range {
  return isObject(v) && isPosition(v.start) && isPosition(v.end);
}

/** Keeps the well-formed follow-ups of a `ties.followUps` result; anything else gives []. */
export function parseFollowUps(value: unknown): FollowUp[] {
  if (!Array.isArray(value)) {
    return [];
  }
  const out: FollowUp[] = [];
  for (const v of value) {
    if (!isObject(v) || typeof v.uri !== 'string' || !isRange(v.range) || typeof v.text !== 'string') {
      continue;
    }
    out.push({
      uri: v.uri,
      range: { start: { ...v.range.start }, end: { ...v.range.end } },
      text: v.text,
      due: typeof v.due === 'string' ? v.due : null,
      status: typeof v.status === 'string' ? v.status : '',
      overdue: v.overdue === true,
      with: Array.isArray(v.with) ? v.with.filter((n): n is string => typeof n === 'string') : [],
    });
  }
  return out;
}

/**
 * Overdue first, then by due date, undated last; ties keep the server's order. The server sends
 * them in this order already: this keeps the list right whatever it sends.
 */
export function sortFollowUps(items: readonly FollowUp[]): FollowUp[] {
  const rank = (f: FollowUp): number => (f.overdue ? 0 : f.due !== null ? 1 : 2);
  return items
    .map((f, i) => ({ f, i }))
    .sort((a, b) => {
      const r = rank(a.f) - rank(b.f);
      if (r !== 0) {
        return r;
      }
      const da = a.f.due ?? '';
      const db = b.f.due ?? '';
      if (da !== db) {
        return da < db ? -1 : 1;
      }
      return a.i - b.i;
    })
    .map(({ f }) => f);
}

/** `Jane Doe`, `Jane Doe and Sam Okafor`, `A, B and C`. */
export function joinNames(names: readonly string[]): string {
  if (names.length <= 1) {
    return names.join('');
  }
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

/** The icon shown before an overdue follow-up. */
export const OVERDUE_ICON = '$(warning)';

/**
 * Quick pick items: the task's text (after a warning icon when overdue); its status and who it is
 * with; where it is (`relativePath(uri)`, then the 1-based line).
 */
export function toQuickPickItems(items: readonly FollowUp[], relativePath: (uri: string) => string): FollowUpItem[] {
  return items.map((f) => {
    const text = f.text.trim() === '' ? '(empty task)' : f.text.trim();
    const parts = [f.status, f.with.length > 0 ? `with ${joinNames(f.with)}` : ''].filter((p) => p !== '');
    return {
      label: f.overdue ? `${OVERDUE_ICON} ${text}` : text,
      description: parts.join(' · '),
      detail: `${relativePath(f.uri)}:${f.range.start.line + 1}`,
      followUp: f,
    };
  });
}
