import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type FollowUp, joinNames, parseFollowUps, sortFollowUps, toQuickPickItems } from '../src/followups';

function fu(text: string, due: string | null, overdue: boolean, status = '', who: string[] = ['Jane Doe'], line = 0): FollowUp {
  return {
    uri: `file:///vault/journal/${text}.md`,
    range: { start: { line, character: 0 }, end: { line, character: 5 } },
    text,
    due,
    status,
    overdue,
    with: who,
  };
}

describe('parseFollowUps', () => {
  it('keeps well-formed items and drops the rest', () => {
    const raw = [
      { uri: 'file:///v/a.md', range: { start: { line: 3, character: 0 }, end: { line: 3, character: 9 } }, text: 'send deck', due: '2026-11-20', status: '6 days overdue', overdue: true, with: ['Jane Doe', 7] },
      { uri: 'file:///v/b.md', range: { start: { line: 1 } }, text: 'bad range' },
      'nonsense',
      null,
      { uri: 'file:///v/c.md', range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } }, text: 'no due' },
    ];
    assert.deepEqual(parseFollowUps(raw), [
      { uri: 'file:///v/a.md', range: { start: { line: 3, character: 0 }, end: { line: 3, character: 9 } }, text: 'send deck', due: '2026-11-20', status: '6 days overdue', overdue: true, with: ['Jane Doe'] },
      { uri: 'file:///v/c.md', range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } }, text: 'no due', due: null, status: '', overdue: false, with: [] },
    ]);
  });

  it('gives nothing for a result that is not a list', () => {
    assert.deepEqual(parseFollowUps(null), []);
    assert.deepEqual(parseFollowUps({ uri: 'x' }), []);
  });
});

describe('sortFollowUps', () => {
  it('puts overdue first, then by due date, undated last, keeping ties in order', () => {
    const items = [
      fu('undated-1', null, false),
      fu('later', '2026-12-05', false),
      fu('overdue-late', '2026-11-24', true),
      fu('today', '2026-11-26', false),
      fu('undated-2', null, false),
      fu('overdue-early', '2026-11-14', true),
      fu('today-2', '2026-11-26', false),
    ];
    assert.deepEqual(
      sortFollowUps(items).map((f) => f.text),
      ['overdue-early', 'overdue-late', 'today', 'today-2', 'later', 'undated-1', 'undated-2'],
    );
    assert.equal(items[0].text, 'undated-1', 'the input is not changed');
  });
});

describe('toQuickPickItems', () => {
  it('marks overdue items and says status, who and where', () => {
    const items = toQuickPickItems(
      [
        fu('Send Marcus the doc', '2026-11-14', true, '12 days overdue', ['Marcus Lee'], 10),
        fu('Intro Aisha to Hiro', null, false, 'no due date', ['Aisha Bello', 'Hiro Tanaka'], 2),
        fu('  ', '2026-12-01', false, 'due in 5 days', [], 0),
      ],
      (uri) => uri.replace('file:///vault/', ''),
    );
    assert.deepEqual(
      items.map(({ label, description, detail }) => ({ label, description, detail })),
      [
        { label: '$(warning) Send Marcus the doc', description: '12 days overdue · with Marcus Lee', detail: 'journal/Send Marcus the doc.md:11' },
        { label: 'Intro Aisha to Hiro', description: 'no due date · with Aisha Bello and Hiro Tanaka', detail: 'journal/Intro Aisha to Hiro.md:3' },
        { label: '(empty task)', description: 'due in 5 days', detail: 'journal/  .md:1' },
      ],
    );
    assert.equal(items[0].followUp.range.start.line, 10);
  });

  it('joins names', () => {
    assert.equal(joinNames([]), '');
    assert.equal(joinNames(['A']), 'A');
    assert.equal(joinNames(['A', 'B']), 'A and B');
    assert.equal(joinNames(['A', 'B', 'C']), 'A, B and C');
  });
});
