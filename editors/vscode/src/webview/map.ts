// The network map's page script (runs in the webview, bundled with cytoscape into dist/map.js):
// draws the selected part of the graph, filters it, opens a note on click and highlights a
// company's intro paths. Talks to the extension only through postMessage.

import cytoscape from 'cytoscape';
import { edgeKey, type Graph, introHighlight, MAP_LIMIT, nodeSize, parseGraph, selectGraph } from '../graph';
import type { IntroPath } from '../plan';

declare function acquireVsCodeApi(): { postMessage(message: unknown): void };

const vscode = acquireVsCodeApi();
const filter = document.getElementById('filter') as HTMLInputElement;
const count = document.getElementById('count') as HTMLElement;
const message = document.getElementById('message') as HTMLElement;
const container = document.getElementById('cy') as HTMLElement;

let graph: Graph = { nodes: [], edges: [] };
let cy: cytoscape.Core | undefined;
/** The last company whose intro paths were asked for: kept highlighted through redraws. */
let lastIntro: { id: string; paths: IntroPath[] } | undefined;

function css(name: string, fallback: string): string {
  const v = getComputedStyle(document.body).getPropertyValue(name).trim();
  return v === '' ? fallback : v;
}

function showMessage(text: string | undefined): void {
  message.hidden = text === undefined || text === '';
  message.textContent = text ?? '';
}

function draw(): void {
  const part = selectGraph(graph, filter.value, MAP_LIMIT);
  count.textContent = `${part.nodes.length} of ${graph.nodes.length} nodes${part.hidden > 0 ? ` (${part.hidden} more match: narrow the filter)` : ''}`;
  const fg = css('--vscode-foreground', '#cccccc');
  cy?.destroy();
  cy = cytoscape({
    container,
    elements: [
      ...part.nodes.map((n) => ({
        data: { id: n.id, label: n.label, size: nodeSize(n), uri: n.uri, range: n.range, kind: n.kind, company: n.company },
        classes: [n.kind, n.goingCold ? 'cold' : ''].filter((c) => c !== '').join(' '),
      })),
      ...part.edges.map((e) => ({ data: { id: edgeKey(e.source, e.target), source: e.source, target: e.target, weight: Math.min(8, 1 + Math.log2(e.weight)) } })),
    ],
    style: [
      { selector: 'node', style: { label: 'data(label)', width: 'data(size)', height: 'data(size)', 'background-color': '#3c8dde', color: fg, 'font-size': 11, 'text-valign': 'bottom', 'text-margin-y': 3 } },
      { selector: 'node.company', style: { shape: 'round-rectangle', 'background-color': '#8e6fd8' } },
      { selector: 'node.me', style: { 'background-color': '#2ea043' } },
      { selector: 'node.cold', style: { 'background-color': '#d18616' } },
      { selector: 'edge', style: { width: 'data(weight)', 'line-color': '#6e7681', opacity: 0.5, 'curve-style': 'haystack' } },
      { selector: '.faded', style: { opacity: 0.15 } },
      { selector: 'node.path', style: { 'border-width': 4, 'border-color': '#f7d154', opacity: 1 } },
      { selector: 'edge.path', style: { 'line-color': '#f7d154', opacity: 1, width: 4 } },
    ],
    // Concentric: you in the middle, the most exchanged nearest. Fast for a few hundred nodes.
    layout: { name: 'concentric', concentric: (n: cytoscape.NodeSingular) => (n.hasClass('me') ? 1e9 : Number(n.data('size'))), levelWidth: () => 8, animate: false },
    wheelSensitivity: 0.3,
  });
  cy.on('tap', 'node', (e) => activate(e.target as cytoscape.NodeSingular));
  document.body.dataset.nodes = String(part.nodes.length);
  document.body.dataset.highlighted = '0';
  if (lastIntro !== undefined) {
    highlight(lastIntro.id, lastIntro.paths);
  }
}

/** A click on a node (or Enter in the filter): a company's intro paths are highlighted; the note opens beside. */
function activate(n: cytoscape.NodeSingular): void {
  if (n.data('kind') === 'company') {
    vscode.postMessage({ type: 'intro', company: n.data('label') as string, id: n.id() });
  }
  if (n.data('uri') !== '') {
    vscode.postMessage({ type: 'open', uri: n.data('uri') as string, range: n.data('range') as unknown });
  }
}

/** Enter in the filter: the node named exactly so, else the first one drawn (after you). */
filter.addEventListener('keydown', (e) => {
  if (e.key !== 'Enter' || cy === undefined) {
    return;
  }
  if (pending !== undefined) {
    clearTimeout(pending);
    pending = undefined;
    draw();
  }
  const want = filter.value.trim().toLowerCase();
  const drawn = cy.nodes().filter((n) => !n.hasClass('me'));
  const exact = drawn.filter((n) => String(n.data('label')).toLowerCase() === want);
  const target = exact.length > 0 ? exact[0] : drawn[0];
  if (target !== undefined) {
    activate(target);
  }
});

function highlight(companyId: string, paths: IntroPath[]): void {
  if (cy === undefined) {
    return;
  }
  lastIntro = { id: companyId, paths };
  const h = introHighlight(paths, companyId);
  cy.elements().removeClass('path faded');
  if (h.nodes.size === 0) {
    return;
  }
  cy.elements().addClass('faded');
  const lit = cy.nodes().filter((n) => h.nodes.has(n.id()));
  lit.removeClass('faded').addClass('path');
  document.body.dataset.highlighted = String(lit.length);
  cy.edges().filter((e) => h.edges.has(edgeKey(e.source().id(), e.target().id()))).removeClass('faded').addClass('path');
}

window.addEventListener('resize', () => {
  cy?.resize();
  cy?.fit(undefined, 30);
});

let pending: ReturnType<typeof setTimeout> | undefined;
filter.addEventListener('input', () => {
  if (pending !== undefined) {
    clearTimeout(pending);
  }
  pending = setTimeout(draw, 250);
});

window.addEventListener('message', (event: MessageEvent) => {
  const m = event.data as { type: string; graph?: unknown; text?: string; id?: string; paths?: IntroPath[] };
  if (m.type === 'graph') {
    graph = parseGraph(m.graph);
    showMessage(graph.nodes.length === 0 ? 'Nothing to draw yet: no contacts in this vault.' : undefined);
    draw();
  } else if (m.type === 'message') {
    showMessage(m.text);
    document.body.dataset.state = 'message';
  } else if (m.type === 'intro') {
    showMessage(m.text);
    highlight(m.id ?? '', m.paths ?? []);
  }
});

vscode.postMessage({ type: 'ready' });
