// The answers of `ties.plan` (who to reach out to this week, and why) and `ties.intro` (ways into
// a company): checked and labelled. No `vscode` import here.

import { isObject, rangeOr0, type Range, stringOr } from './json';

/** One entry of the week's plan, as the server sends it (see README.md, "Server commands"). */
export interface PlanItem {
  uri: string;
  range: Range;
  name: string;
  handle: string;
  reason: string;
}

export function parsePlan(value: unknown): PlanItem[] {
  if (!Array.isArray(value)) {
    return [];
  }
  const out: PlanItem[] = [];
  for (const v of value) {
    if (!isObject(v) || typeof v.uri !== 'string' || typeof v.name !== 'string') {
      continue;
    }
    out.push({ uri: v.uri, range: rangeOr0(v.range), name: v.name, handle: stringOr(v.handle, ''), reason: stringOr(v.reason, '') });
  }
  return out;
}

export interface Person {
  name: string;
  handle: string;
}

/**
 * One way into a company: the person there (`name`, `handle`, their note at `uri`/`range`) and the
 * chain of people from you to them (`via`, empty when you know them yourself).
 */
export interface IntroPath extends PlanItem {
  via: Person[];
}

export function parseIntro(value: unknown): IntroPath[] {
  if (!Array.isArray(value)) {
    return [];
  }
  const out: IntroPath[] = [];
  for (const [i, v] of value.entries()) {
    const [item] = parsePlan([v]);
    if (item === undefined || !isObject(value[i])) {
      continue;
    }
    const via = Array.isArray(value[i].via) ? value[i].via : [];
    out.push({
      ...item,
      via: via.filter(isObject).flatMap((p) => (typeof p.name === 'string' ? [{ name: p.name, handle: stringOr(p.handle, '') }] : [])),
    });
  }
  return out;
}

/** `you -> Dana Whitfield -> Omar Haddad`. */
export function pathText(p: IntroPath): string {
  return ['you', ...p.via.map((v) => v.name), p.name].join(' -> ');
}
