import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { advertises, isUnknownCommand, notAvailableMessage } from '../src/availability';
import { type Contact, contactText, groupContacts, parseContacts, sinceLabel } from '../src/contacts';
import { type FollowUp, daysBetween, shorten, groupFollowUps, groupLabel, groupOf, localDate, pickAction, statusText, treeItemText } from '../src/followups';
import { parseIntro, parsePlan, pathText } from '../src/plan';

const range = { start: { line: 2, character: 0 }, end: { line: 2, character: 9 } };

function fu(text: string, due: string | null, overdue = false): FollowUp {
  return { uri: `file:///v/${text}.md`, range, text, due, status: '', overdue, with: ['Jane Doe'] };
}

describe('follow-up groups', () => {
  const today = '2026-11-26';

  it('counts days across months and years, and refuses what is not a date', () => {
    assert.equal(daysBetween('2026-11-26', '2026-12-03'), 7);
    assert.equal(daysBetween('2026-12-31', '2027-01-01'), 1);
    assert.equal(daysBetween('2026-03-01', '2026-02-28'), -1);
    assert.equal(daysBetween('2026-11-26', 'soon'), null);
    assert.equal(localDate(new Date(2026, 0, 5, 23, 59)), '2026-01-05');
  });

  it('puts each follow-up in its group by due date', () => {
    assert.equal(groupOf(fu('a', '2026-11-25', true), today), 'overdue');
    assert.equal(groupOf(fu('b', '2026-10-27', true), today), 'overdue', '30 days late is still overdue');
    assert.equal(groupOf(fu('c', '2026-10-26', true), today), 'stale', '31 days late is stale');
    assert.equal(groupOf(fu('d', today), today), 'today');
    assert.equal(groupOf(fu('e', '2026-11-27'), today), 'week');
    assert.equal(groupOf(fu('f', '2026-12-03'), today), 'week');
    assert.equal(groupOf(fu('g', '2026-12-04'), today), 'later');
    assert.equal(groupOf(fu('h', null), today), 'later');
    assert.equal(groupOf(fu('i', 'whenever', true), today), 'overdue', 'the server says overdue');
  });

  it('gives all five groups in order, with counts, each sorted', () => {
    const groups = groupFollowUps([fu('later', '2027-01-01'), fu('late', '2026-11-20', true), fu('later2', '2026-12-10'), fu('stale', '2026-01-01', true), fu('today', today)], today);
    assert.deepEqual(
      groups.map((g) => [groupLabel(g), g.items.map((f) => f.text)]),
      [
        ['Overdue (1)', ['late']],
        ['Today (1)', ['today']],
        ['This week (0)', []],
        ['Later (2)', ['later2', 'later']],
        ['Stale (1)', ['stale']],
      ],
    );
  });

  it('labels an item with the task, who and when; the status bar counts the overdue', () => {
    const f = { ...fu('  send the deck ', '2026-11-20', true), status: '6 days overdue', with: ['Jane Doe', 'Sam Okafor'] };
    assert.deepEqual(treeItemText(f), {
      label: 'send the deck',
      description: 'Jane Doe and Sam Okafor · 2026-11-20',
      tooltip: 'send the deck\n6 days overdue\nwith Jane Doe and Sam Okafor',
    });
    assert.equal(treeItemText({ ...fu('', null), with: [] }).description, 'no due date');
    const long = treeItemText(fu('Send marcus-lee the longer doc on the outbox pattern we discussed, with the failover diagrams', null));
    assert.equal(long.label, 'Send marcus-lee the longer doc on the o…');
    assert.equal([...long.label].length, 40);
    assert.match(long.tooltip, /^Send marcus-lee .* failover diagrams\n/);
    assert.equal(shorten('📅📅📅', 2), '📅…');
    assert.equal(statusText([fu('a', '2026-11-20', true), fu('b', null), fu('c', '2026-01-01', true)]), 'ties: 2 overdue');
    assert.equal(statusText([fu('b', null)]), 'ties: nothing overdue');
  });

  it('finds Mark done and Snooze 1 week among the code actions', () => {
    const titles = ['Log a catch-up with Jane Doe today', 'Mark done', 'Snooze 1 day (due 2026-11-27)', 'Snooze 1 week (due 2026-12-03)'];
    assert.equal(pickAction(titles, 'done'), 1);
    assert.equal(pickAction(titles, 'snooze'), 3);
    assert.equal(pickAction(titles.slice(0, 1), 'done'), -1);
  });
});

function contact(name: string, company: string | null, days: number | null, goingCold = false): Contact {
  return { uri: `file:///v/people/${name}.md`, range, name, handle: `@${name.toLowerCase()}`, company, lastExchangeDays: days, goingCold, exchanges: 3, openFollowUps: 1 };
}

describe('contacts', () => {
  it('parses the documented shape and drops malformed entries', () => {
    const raw = [
      { uri: 'file:///v/people/dana.md', range, name: 'Dana Whitfield', handle: '@dana', company: 'Quarry Labs', lastExchangeDays: 12, goingCold: true, exchanges: 5, openFollowUps: 2 },
      { uri: 'file:///v/people/x.md', name: 'No range', lastExchangeDays: -3, company: '' },
      { name: 'no uri' },
      42,
    ];
    assert.deepEqual(parseContacts(raw), [
      { uri: 'file:///v/people/dana.md', range, name: 'Dana Whitfield', handle: '@dana', company: 'Quarry Labs', lastExchangeDays: 12, goingCold: true, exchanges: 5, openFollowUps: 2 },
      {
        uri: 'file:///v/people/x.md',
        range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
        name: 'No range',
        handle: '',
        company: null,
        lastExchangeDays: null,
        goingCold: false,
        exchanges: 0,
        openFollowUps: 0,
      },
    ]);
    assert.deepEqual(parseContacts({ error: 'x' }), []);
  });

  it('puts those going cold first (longest silent first), then companies by name, then the rest', () => {
    const groups = groupContacts([
      contact('Zoe', 'Acme', 3),
      contact('Ann', null, 40),
      contact('Bob', 'Acme', 90, true),
      contact('Cy', 'Brightpath', 1),
      contact('Dee', null, null, true),
      contact('Al', 'Acme', 5),
    ]);
    assert.deepEqual(
      groups.map((g) => [g.label, g.contacts.map((c) => c.name)]),
      [
        ['Going cold', ['Dee', 'Bob']],
        ['Acme', ['Al', 'Zoe']],
        ['Brightpath', ['Cy']],
        ['No company', ['Ann']],
      ],
    );
  });

  it('labels the last exchange as 12d', () => {
    assert.equal(sinceLabel(12), '12d');
    assert.equal(sinceLabel(0), 'today');
    assert.equal(sinceLabel(null), 'never');
    assert.equal(contactText(contact('Bob', 'Acme', 12, true), 'Going cold').description, '12d · Acme');
    assert.equal(contactText(contact('Bob', 'Acme', 12), 'Acme').description, '12d');
    assert.match(contactText(contact('Bob', 'Acme', 12, true), 'Going cold').tooltip, /last exchange: 12 days ago\n3 exchanges, 1 open follow-up\ngoing cold/);
  });
});

describe('plan and intro paths', () => {
  const line = (l: number) => ({ start: { line: l, character: 0 }, end: { line: l, character: 0 } });

  it('reads the ties.plan JSON: the contact note, and where the reason shows (one-based line)', () => {
    const answer = {
      today: '2026-11-26',
      until: '2026-12-03',
      items: [
        { rank: 1, handle: 'marcus-lee', name: 'Marcus Lee', contact_path: 'file:///v/people/marcus-lee.md', kind: 'overdue', reason: 'you promised a follow-up: 12 days overdue', action: 'do what you promised, then tick the task', path: 'file:///v/journal/2026-11-10.md', line: 11, text: 'Send the doc', also: [], score: 112 },
        { rank: 2, handle: 'dana', name: 'Dana', contact_path: 'file:///v/people/dana.md', kind: 'going-cold', reason: 'going cold', action: 'catch up', path: 'file:///v/people/dana.md', line: 1 },
        { name: 'no paths' },
        'x',
      ],
    };
    assert.deepEqual(parsePlan(answer), [
      { uri: 'file:///v/people/marcus-lee.md', range: line(0), at: { uri: 'file:///v/journal/2026-11-10.md', range: line(10) }, name: 'Marcus Lee', handle: 'marcus-lee', reason: 'you promised a follow-up: 12 days overdue', action: 'do what you promised, then tick the task' },
      { uri: 'file:///v/people/dana.md', range: line(0), at: { uri: 'file:///v/people/dana.md', range: line(0) }, name: 'Dana', handle: 'dana', reason: 'going cold', action: 'catch up' },
    ]);
    assert.deepEqual(parsePlan(null), []);
    assert.deepEqual(parsePlan([answer.items[0]]), [], 'a bare list is not the answer');
  });

  it('reads the ties.intro JSON and writes each path as a chain', () => {
    const person = (handle: string, name: string) => ({ handle, name, path: `file:///v/people/${handle}.md` });
    const answer = {
      company: { handle: 'helio', name: 'Helio Energy', path: 'file:///v/companies/helio.md' },
      target: true,
      total_paths: 3,
      paths: [
        { rank: 1, kind: 'direct', score: 0.6, first: person('felix', 'Felix Wagner'), target: person('felix', 'Felix Wagner'), via: null, step: 'Write to @felix.', hops: [] },
        { rank: 2, kind: 'second-degree', first: person('dana', 'Dana Whitfield'), target: person('omar', 'Omar Haddad'), via: person('dana', 'Dana Whitfield'), step: 'Ask @dana to introduce you to @omar.', hops: [] },
        { rank: 3, kind: 'direct', first: 'x' },
      ],
      suggestions: [],
    };
    const paths = parseIntro(answer);
    assert.deepEqual(paths.map((p) => [pathText(p), p.uri, p.handle, p.kind, p.reason]), [
      ['you -> Felix Wagner', 'file:///v/people/felix.md', 'felix', 'direct', 'Write to @felix.'],
      ['you -> Dana Whitfield -> Omar Haddad', 'file:///v/people/dana.md', 'omar', 'second-degree', 'Ask @dana to introduce you to @omar.'],
    ]);
    assert.deepEqual(paths[1].via, [{ name: 'Dana Whitfield', handle: 'dana' }]);
    assert.deepEqual(parseIntro({ company: {}, paths: [], suggestions: [] }), []);
    assert.deepEqual(parseIntro(null), []);
  });
});

describe('a server without a command', () => {
  it('recognises the answer of ties today and of other servers', () => {
    assert.ok(isUnknownCommand({ code: -32602, message: 'unknown command ties.plan: ties knows ties.followUps, ties.logCatchUp' }));
    assert.ok(isUnknownCommand({ code: -32601, message: 'Method not found' }));
    assert.ok(!isUnknownCommand({ code: -32602, message: 'ties.logCatchUp takes a document URI and a position' }));
    assert.ok(!isUnknownCommand(new Error('connection closed')));
    assert.ok(!isUnknownCommand(undefined));
  });

  it('reads the command list the server sent at initialization', () => {
    const caps = { executeCommandProvider: { commands: ['ties.followUps', 'ties.logCatchUp'] } };
    assert.ok(advertises(caps, 'ties.followUps'));
    assert.ok(!advertises(caps, 'ties.plan'));
    assert.ok(advertises({}, 'ties.plan'), 'no list: ask and see');
    assert.match(notAvailableMessage('The plan', 'ties.plan'), /^The plan needs a newer ties server \(it does not know ties\.plan yet\)/);
  });
});
