// The contacts returned by the server's `ties.contacts` command: checked, ordered (going cold
// first, then by company) and labelled. No `vscode` import here.

import { countOrNull, isObject, rangeOr0, type Range, stringOr, stringOrNull } from './json';

/** One contact, as the server sends it (see README.md, "Server commands"). */
export interface Contact {
  /** The contact note; `range` is where the contact is named in it (references answer there). */
  uri: string;
  range: Range;
  name: string;
  handle: string;
  company: string | null;
  /** Days since the last exchange; null when there was none. */
  lastExchangeDays: number | null;
  goingCold: boolean;
  exchanges: number;
  openFollowUps: number;
}

/** Keeps the well-formed contacts of a `ties.contacts` result; anything else gives []. */
export function parseContacts(value: unknown): Contact[] {
  if (!Array.isArray(value)) {
    return [];
  }
  const out: Contact[] = [];
  for (const v of value) {
    if (!isObject(v) || typeof v.uri !== 'string' || typeof v.name !== 'string') {
      continue;
    }
    out.push({
      uri: v.uri,
      range: rangeOr0(v.range),
      name: v.name,
      handle: stringOr(v.handle, ''),
      company: stringOrNull(v.company),
      lastExchangeDays: countOrNull(v.lastExchangeDays),
      goingCold: v.goingCold === true,
      exchanges: countOrNull(v.exchanges) ?? 0,
      openFollowUps: countOrNull(v.openFollowUps) ?? 0,
    });
  }
  return out;
}

/** `12d`, `today`, `never`. */
export function sinceLabel(days: number | null): string {
  if (days === null) {
    return 'never';
  }
  return days === 0 ? 'today' : `${days}d`;
}

const byName = (a: Contact, b: Contact) => a.name.localeCompare(b.name) || a.handle.localeCompare(b.handle);

export interface ContactGroup {
  /** `Going cold`, a company's name, or `No company`. */
  label: string;
  contacts: Contact[];
}

export const GOING_COLD = 'Going cold';
export const NO_COMPANY = 'No company';

/**
 * The Contacts view's groups: those going cold first (longest silent first), then one group per
 * company (by name), then those with no company. A contact going cold is only in the first group.
 */
export function groupContacts(items: readonly Contact[]): ContactGroup[] {
  const cold = items.filter((c) => c.goingCold);
  const silence = (c: Contact) => c.lastExchangeDays ?? Number.POSITIVE_INFINITY;
  cold.sort((a, b) => silence(b) - silence(a) || byName(a, b));
  const companies = new Map<string, Contact[]>();
  const none: Contact[] = [];
  for (const c of items) {
    if (c.goingCold) {
      continue;
    }
    if (c.company === null) {
      none.push(c);
    } else {
      const list = companies.get(c.company) ?? [];
      list.push(c);
      companies.set(c.company, list);
    }
  }
  const out: ContactGroup[] = [];
  if (cold.length > 0) {
    out.push({ label: GOING_COLD, contacts: cold });
  }
  for (const name of [...companies.keys()].sort((a, b) => a.localeCompare(b))) {
    out.push({ label: name, contacts: (companies.get(name) ?? []).sort(byName) });
  }
  if (none.length > 0) {
    out.push({ label: NO_COMPANY, contacts: none.sort(byName) });
  }
  return out;
}

/** A contact as a tree item: the name; the last exchange, then the company where the group is not it. */
export function contactText(c: Contact, inGroup: string): { label: string; description: string; tooltip: string } {
  const since = sinceLabel(c.lastExchangeDays);
  const parts = [since, c.company !== null && c.company !== inGroup ? c.company : ''].filter((p) => p !== '');
  const lines = [
    `${c.name}${c.handle !== '' ? ` (${c.handle})` : ''}`,
    c.company ?? '',
    `last exchange: ${c.lastExchangeDays === null ? 'never' : since === 'today' ? 'today' : `${c.lastExchangeDays} days ago`}`,
    `${c.exchanges} exchange${c.exchanges === 1 ? '' : 's'}, ${c.openFollowUps} open follow-up${c.openFollowUps === 1 ? '' : 's'}`,
    c.goingCold ? 'going cold' : '',
  ];
  return { label: c.name, description: parts.join(' · '), tooltip: lines.filter((l) => l !== '').join('\n') };
}
