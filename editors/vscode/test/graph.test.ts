import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { edgeKey, type Graph, type GraphNode, introHighlight, MAP_LIMIT, matches, nodeSize, parseGraph, selectGraph } from '../src/graph';

const r0 = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

function node(id: string, exchanges: number, kind: GraphNode['kind'] = 'person', company = ''): GraphNode {
  return { id, label: id.replace(/^@/, ''), kind, uri: `file:///v/${id}.md`, range: r0, exchanges, goingCold: false, company };
}

describe('the network map data', () => {
  it('reads the ties.graph JSON: kinds, paths, weights, companies from works-at edges; edges between known nodes', () => {
    const g = parseGraph({
      nodes: [
        { id: 'you', kind: 'you', label: 'You', path: null, weight: 21 },
        { id: 'dana', kind: 'person', label: 'Dana', path: 'file:///v/people/dana.md', weight: 5 },
        { id: 'dana', kind: 'person', label: 'again' },
        { label: 'no id' },
        { id: 'quarry', kind: 'company', label: 'Quarry Labs', path: 'file:///v/companies/quarry.md', weight: 'x' },
      ],
      edges: [
        { source: 'you', target: 'dana', kind: 'exchanged', weight: 5, last: '2026-11-08' },
        { source: 'dana', target: 'quarry', kind: 'works-at', weight: 1, last: null },
        { source: 'dana', target: 'ghost', kind: 'co-mention', weight: 1 },
        { source: 'you', target: 'you', kind: 'exchanged' },
      ],
      truncated: false,
      total_nodes: 3,
    });
    assert.deepEqual(g.nodes.map((n) => [n.id, n.kind, n.label, n.uri, n.exchanges, n.company]), [
      ['you', 'me', 'You', '', 21, ''],
      ['dana', 'person', 'Dana', 'file:///v/people/dana.md', 5, 'Quarry Labs'],
      ['quarry', 'company', 'Quarry Labs', 'file:///v/companies/quarry.md', 0, ''],
    ]);
    assert.deepEqual(g.edges, [
      { source: 'you', target: 'dana', weight: 5 },
      { source: 'dana', target: 'quarry', weight: 1 },
    ]);
    assert.deepEqual(parseGraph([1, 2]), { nodes: [], edges: [] });
  });

  it('draws the top nodes by exchanges of a 10k graph, always with you, and says how many it left out', () => {
    const nodes = [node('me', 0, 'me'), ...Array.from({ length: 10_000 }, (_, i) => node(`@p${i}`, i % 997))];
    const edges = nodes.slice(1).map((n) => ({ source: 'me', target: n.id, weight: 1 }));
    const g: Graph = { nodes, edges };
    const part = selectGraph(g, '');
    assert.equal(part.nodes.length, MAP_LIMIT);
    assert.ok(part.nodes.some((n) => n.id === 'me'));
    assert.equal(part.hidden, 10_000 - (MAP_LIMIT - 1));
    const least = Math.min(...part.nodes.filter((n) => n.kind !== 'me').map((n) => n.exchanges));
    assert.ok(nodes.filter((n) => n.exchanges > least).length <= MAP_LIMIT, 'nothing left out has more exchanges than what is drawn');
    assert.equal(part.edges.length, MAP_LIMIT - 1);
  });

  it('filters on label, handle and company, case-insensitively', () => {
    const g: Graph = { nodes: [node('me', 0, 'me'), node('@dana', 5, 'person', 'Quarry Labs'), node('@omar', 2, 'person', 'Helio'), node('company:quarry-labs', 1, 'company')], edges: [] };
    assert.deepEqual(selectGraph(g, 'QUARRY').nodes.map((n) => n.id), ['me', '@dana', 'company:quarry-labs']);
    assert.deepEqual(selectGraph(g, '@om').nodes.map((n) => n.id), ['me', '@omar']);
    assert.equal(selectGraph(g, 'nobody').hidden, 0);
    assert.ok(matches(node('@x', 0), '  '));
  });

  it('sizes nodes by exchanges, within bounds', () => {
    assert.equal(nodeSize(node('@a', 0)), 16);
    assert.ok(nodeSize(node('@a', 9)) > nodeSize(node('@a', 1)));
    assert.equal(nodeSize(node('@a', 1e6)), 56);
    assert.equal(nodeSize(node('me', 0, 'me')), 48);
  });

  it('highlights each intro path from you to the company', () => {
    const paths = [
      { uri: '', range: r0, name: 'Omar', handle: 'omar', reason: '', kind: 'second-degree', via: [{ name: 'Dana', handle: 'dana' }] },
      { uri: '', range: r0, name: 'Lee', handle: 'lee', reason: '', kind: 'direct', via: [] },
    ];
    const h = introHighlight(paths, 'helio');
    assert.deepEqual([...h.nodes].sort(), ['dana', 'helio', 'lee', 'omar', 'you']);
    assert.deepEqual([...h.edges].sort(), [edgeKey('you', 'dana'), edgeKey('dana', 'omar'), edgeKey('omar', 'helio'), edgeKey('you', 'lee'), edgeKey('lee', 'helio')].sort());
    assert.equal(edgeKey('a', 'b'), edgeKey('b', 'a'));
    assert.equal(introHighlight([], 'helio').nodes.size, 0);
  });
});
