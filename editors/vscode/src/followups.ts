// The follow-ups returned by the server's `ties.followUps` command: checked, sorted and turned
// into quick pick items. No `vscode` import here.

import { copyRange, isObject, isRange, type Range } from './json';

export type { Range } from './json';

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
      range: copyRange(v.range),
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

/** Days from `from` to `to`, both `YYYY-MM-DD`; null when either is not such a date. */
export function daysBetween(from: string, to: string): number | null {
  const parse = (s: string): number | null => {
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
    if (m === null) {
      return null;
    }
    const t = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
    return Number.isNaN(t) ? null : t;
  };
  const a = parse(from);
  const b = parse(to);
  return a === null || b === null ? null : Math.round((b - a) / 86_400_000);
}

/** The date of `now` in local time, `YYYY-MM-DD` (the extension passes its clock in). */
export function localDate(now: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

export type GroupId = 'overdue' | 'today' | 'week' | 'later' | 'stale';

/** The groups of the Follow-ups view, in their order. */
export const GROUPS: readonly { id: GroupId; label: string }[] = [
  { id: 'overdue', label: 'Overdue' },
  { id: 'today', label: 'Today' },
  { id: 'week', label: 'This week' },
  { id: 'later', label: 'Later' },
  { id: 'stale', label: 'Stale' },
];

/** Overdue by more than this many days: stale (most likely forgotten, not just late). */
export const STALE_AFTER_DAYS = 30;
/** Due within this many days after today: this week. */
export const WEEK_DAYS = 7;

/**
 * The group of a follow-up on `today`: overdue (up to `STALE_AFTER_DAYS` late), today, this week
 * (the next `WEEK_DAYS` days), later (further, or no due date) or stale (longer overdue). Without a
 * readable due date, the server's `overdue` flag decides between overdue and later.
 */
export function groupOf(f: FollowUp, today: string): GroupId {
  const days = f.due === null ? null : daysBetween(today, f.due);
  if (days === null) {
    return f.overdue ? 'overdue' : 'later';
  }
  if (days < -STALE_AFTER_DAYS) {
    return 'stale';
  }
  if (days < 0) {
    return 'overdue';
  }
  if (days === 0) {
    return 'today';
  }
  return days <= WEEK_DAYS ? 'week' : 'later';
}

export interface Group {
  id: GroupId;
  label: string;
  items: FollowUp[];
}

/** All five groups (empty ones too), each sorted with `sortFollowUps`. */
export function groupFollowUps(items: readonly FollowUp[], today: string): Group[] {
  const byId = new Map<GroupId, FollowUp[]>(GROUPS.map((g) => [g.id, []]));
  for (const f of sortFollowUps(items)) {
    byId.get(groupOf(f, today))?.push(f);
  }
  return GROUPS.map((g) => ({ id: g.id, label: g.label, items: byId.get(g.id) ?? [] }));
}

/** `Overdue (3)`. */
export function groupLabel(g: Group): string {
  return `${g.label} (${g.items.length})`;
}

/** Longer task texts are cut in the tree, so that who and when stay in sight (the tooltip has all). */
export const TREE_LABEL_CHARS = 40;

/** `text`, cut to `max` characters (code points) with an ellipsis. */
export function shorten(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('').trimEnd()}…`;
}

/** A follow-up as a tree item: the task, then who with and when. */
export function treeItemText(f: FollowUp): { label: string; description: string; tooltip: string } {
  const full = f.text.trim() === '' ? '(empty task)' : f.text.trim();
  const label = shorten(full, TREE_LABEL_CHARS);
  const who = f.with.length > 0 ? joinNames(f.with) : '';
  const when = f.due ?? 'no due date';
  return {
    label,
    description: [who, when].filter((p) => p !== '').join(' · '),
    tooltip: [full, f.status, who !== '' ? `with ${who}` : ''].filter((p) => p !== '').join('\n'),
  };
}

/** The status bar text: `ties: 3 overdue`, or `ties: nothing overdue`. */
export function statusText(items: readonly FollowUp[]): string {
  const n = items.filter((f) => f.overdue).length;
  return n === 0 ? 'ties: nothing overdue' : `ties: ${n} overdue`;
}

export type FollowUpAction = 'done' | 'snooze';

/**
 * Which of the server's code actions at a follow-up does `action`: `Mark done`, or
 * `Snooze 1 week (due ...)`. The index in `titles`, or -1.
 */
export function pickAction(titles: readonly string[], action: FollowUpAction): number {
  return titles.findIndex((t) => (action === 'done' ? t === 'Mark done' : t.startsWith('Snooze 1 week')));
}
