// The network map's data: the answer of `ties.graph`, checked, cut to the nodes worth drawing
// (the top `limit` by exchanges, after a filter) and the highlight of a company's intro paths.
// Imported by the webview script too: no `vscode`, no Node modules here.

import { countOrNull, isObject, type Range, rangeOr0, stringOr } from './json';
import type { IntroPath } from './plan';

export type NodeKind = 'me' | 'person' | 'company';

/** A node of the map (from the server's `ties.graph`, docs/commands.md). */
export interface GraphNode {
  /** A contact's handle (`dana-whitfield`, `quarry-labs`), or `you`. */
  id: string;
  label: string;
  kind: NodeKind;
  /** The note to open on click; empty for `you`. */
  uri: string;
  range: Range;
  /** The server's weight: past exchanges plus edges. Sizes the node, ranks it for the map. */
  exchanges: number;
  /** Not in `ties.graph`: false unless a caller knows better. */
  goingCold: boolean;
  /** A person's company (from their `works-at` edge), for the filter. */
  company: string;
}

export interface GraphEdge {
  source: string;
  target: string;
  /** How many exchanges joined the two (1 for `works at`). */
  weight: number;
}

export interface Graph {
  nodes: GraphNode[];
  edges: GraphEdge[];
}

/** The server's node kinds -> the map's. */
const KINDS: Record<string, NodeKind> = { you: 'me', me: 'me', person: 'person', company: 'company' };

/**
 * `{nodes: [{id, kind, label, path, weight}], edges: [{source, target, kind, weight, last}]}` of
 * `ties.graph`: keeps the well-formed nodes and the edges between them; anything else gives an
 * empty graph.
 */
export function parseGraph(value: unknown): Graph {
  if (!isObject(value) || !Array.isArray(value.nodes)) {
    return { nodes: [], edges: [] };
  }
  const nodes: GraphNode[] = [];
  const ids = new Set<string>();
  for (const v of value.nodes) {
    if (!isObject(v) || typeof v.id !== 'string' || v.id === '' || ids.has(v.id)) {
      continue;
    }
    const kind = (typeof v.kind === 'string' ? KINDS[v.kind] : undefined) ?? 'person';
    ids.add(v.id);
    nodes.push({
      id: v.id,
      label: stringOr(v.label, v.id),
      kind,
      uri: stringOr(v.path, ''),
      range: rangeOr0(undefined),
      exchanges: countOrNull(v.weight) ?? 0,
      goingCold: false,
      company: '',
    });
  }
  const edges: GraphEdge[] = [];
  const byId = new Map(nodes.map((n) => [n.id, n]));
  for (const e of Array.isArray(value.edges) ? value.edges : []) {
    if (isObject(e) && typeof e.source === 'string' && typeof e.target === 'string' && ids.has(e.source) && ids.has(e.target) && e.source !== e.target) {
      edges.push({ source: e.source, target: e.target, weight: countOrNull(e.weight) ?? 1 });
      const from = byId.get(e.source);
      if (e.kind === 'works-at' && from !== undefined && from.company === '') {
        from.company = byId.get(e.target)?.label ?? '';
      }
    }
  }
  return { nodes, edges };
}

/** How many nodes the map draws at most. */
export const MAP_LIMIT = 300;

/** Whether a node matches the filter text (case-insensitive, on its label, id and company). */
export function matches(n: GraphNode, filter: string): boolean {
  const f = filter.trim().toLowerCase();
  return f === '' || n.label.toLowerCase().includes(f) || n.id.toLowerCase().includes(f) || n.company.toLowerCase().includes(f);
}

/**
 * The part of the graph to draw: `me`, the nodes matching `filter` ranked by exchanges (then by
 * label) cut to `limit`, the companies of the kept people, and the edges between kept nodes.
 * `hidden` says how many matching nodes were left out.
 */
export function selectGraph(g: Graph, filter: string, limit = MAP_LIMIT): Graph & { hidden: number } {
  const ranked = g.nodes
    .filter((n) => n.kind !== 'me' && matches(n, filter))
    .sort((a, b) => b.exchanges - a.exchanges || a.label.localeCompare(b.label));
  const keep = new Set<string>(g.nodes.filter((n) => n.kind === 'me').map((n) => n.id));
  const room = Math.max(0, limit - keep.size);
  let taken = 0;
  for (const n of ranked) {
    if (taken >= room) {
      break;
    }
    keep.add(n.id);
    taken++;
  }
  const hidden = ranked.length - taken;
  return {
    nodes: g.nodes.filter((n) => keep.has(n.id)),
    edges: g.edges.filter((e) => keep.has(e.source) && keep.has(e.target)),
    hidden,
  };
}

/** The node size on the map, growing with the square root of the exchanges. */
export function nodeSize(n: GraphNode): number {
  if (n.kind === 'me') {
    return 48;
  }
  return Math.round(16 + Math.min(40, 6 * Math.sqrt(n.exchanges)));
}

/**
 * The nodes and edges of a company's intro paths: `me`, each person on the way, the person at the
 * company and the company itself (`companyId`), with the edges joining them in that order.
 */
export function introHighlight(paths: readonly IntroPath[], companyId: string, meId = 'you'): { nodes: Set<string>; edges: Set<string> } {
  const nodes = new Set<string>();
  const edges = new Set<string>();
  for (const p of paths) {
    const chain = [meId, ...p.via.map((v) => v.handle), p.handle, companyId].filter((id) => id !== '');
    for (const [i, id] of chain.entries()) {
      nodes.add(id);
      if (i > 0) {
        edges.add(edgeKey(chain[i - 1], id));
      }
    }
  }
  return { nodes, edges };
}

/** One key for an edge, whichever way it points. */
export function edgeKey(a: string, b: string): string {
  return a < b ? `${a}\u0000${b}` : `${b}\u0000${a}`;
}
