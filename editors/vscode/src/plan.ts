// The answers of `ties.plan` (who to reach out to this week, and why) and `ties.intro` (ways into
// a company), in the server's JSON (docs/commands.md: the CLI's `--json` with `file:` URIs and
// one-based lines), checked and turned into what the views show. No `vscode` import here.

import { isObject, type Range, stringOr } from './json';

/** One entry of the week's plan, as the views use it. */
export interface PlanItem {
  /** The contact note (the context menu's *Show history* and *Log catch-up* act there). */
  uri: string;
  range: Range;
  /** Where the reason shows (the task, or the contact note): a click opens it. */
  at: { uri: string; range: Range };
  name: string;
  handle: string;
  reason: string;
  /** What to do about it ("do what you promised, then tick the task"). */
  action: string;
}

/** The start of a one-based `line` (missing or bad: the top of the file). */
export function lineRange(line: unknown): Range {
  const l = typeof line === 'number' && Number.isInteger(line) && line >= 1 ? line - 1 : 0;
  return { start: { line: l, character: 0 }, end: { line: l, character: 0 } };
}

/** `{items: [...]}` of `ties.plan`; anything else gives []. */
export function parsePlan(value: unknown): PlanItem[] {
  const items = isObject(value) && Array.isArray(value.items) ? value.items : [];
  const out: PlanItem[] = [];
  for (const v of items) {
    if (!isObject(v) || typeof v.name !== 'string') {
      continue;
    }
    const contact = stringOr(v.contact_path, '');
    const place = stringOr(v.path, '');
    if (contact === '' && place === '') {
      continue;
    }
    const at = place === '' ? { uri: contact, range: lineRange(1) } : { uri: place, range: lineRange(v.line) };
    out.push({
      uri: contact === '' ? place : contact,
      range: lineRange(1),
      at,
      name: v.name,
      handle: stringOr(v.handle, ''),
      reason: stringOr(v.reason, ''),
      action: stringOr(v.action, ''),
    });
  }
  return out;
}

export interface Person {
  name: string;
  handle: string;
}

/**
 * One way into a company: the person there (`name`, `handle`), the chain of people from you to
 * them (`via`, empty when you know them yourself), the next step (`reason`) and the note of the
 * person to write to (`uri`/`range`: `via[0]`, or the person there).
 */
export interface IntroPath {
  uri: string;
  range: Range;
  name: string;
  handle: string;
  reason: string;
  kind: string;
  via: Person[];
}

function person(v: unknown): (Person & { path: string }) | undefined {
  return isObject(v) && typeof v.name === 'string' ? { name: v.name, handle: stringOr(v.handle, ''), path: stringOr(v.path, '') } : undefined;
}

/** `{paths: [...]}` of `ties.intro`; anything else gives []. */
export function parseIntro(value: unknown): IntroPath[] {
  const paths = isObject(value) && Array.isArray(value.paths) ? value.paths : [];
  const out: IntroPath[] = [];
  for (const v of paths) {
    const target = isObject(v) ? person(v.target) : undefined;
    if (!isObject(v) || target === undefined) {
      continue;
    }
    const via = person(v.via);
    const first = person(v.first) ?? via ?? target;
    out.push({
      uri: first.path !== '' ? first.path : target.path,
      range: lineRange(1),
      name: target.name,
      handle: target.handle,
      reason: stringOr(v.step, ''),
      kind: stringOr(v.kind, ''),
      via: via === undefined ? [] : [{ name: via.name, handle: via.handle }],
    });
  }
  return out;
}

/** `you -> Dana Whitfield -> Omar Haddad`. */
export function pathText(p: IntroPath): string {
  return ['you', ...p.via.map((v) => v.name), p.name].join(' -> ');
}
