// The network map: a webview drawing `ties.graph` with cytoscape (dist/map.js, bundled by
// esbuild; no CDN), under a Content-Security-Policy that lets in only the extension's own files.

import * as vscode from 'vscode';
import { problemOf } from './availability';
import { SERVER_COMMANDS } from './constants';
import type { Range } from './json';
import { parseIntro } from './plan';
import { openLocation, type ServerAccess } from './views';

/** Messages from the webview. */
type FromMap = { type: 'open'; uri: string; range: Range } | { type: 'intro'; company: string; id: string } | { type: 'ready' };

function nonce(): string {
  const chars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  let out = '';
  for (let i = 0; i < 32; i++) {
    out += chars[Math.floor(Math.random() * chars.length)];
  }
  return out;
}

/** The page: styles and script from dist/, nothing inline but the nonce'd script tag. */
export function mapHtml(cspSource: string, scriptUri: string, styleUri: string, n: string): string {
  const csp = [`default-src 'none'`, `img-src ${cspSource} data:`, `style-src ${cspSource}`, `script-src 'nonce-${n}'`, `font-src ${cspSource}`].join('; ');
  // cytoscape adds a <style> for its container unless one with this id exists: map.css is it.
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link id="__________cytoscape_stylesheet" rel="stylesheet" href="${styleUri}">
<title>ties: network map</title>
</head>
<body>
<div id="bar">
  <input id="filter" type="search" placeholder="Filter: a name, a handle or a company" aria-label="Filter the map">
  <span id="count"></span>
</div>
<div id="message" hidden></div>
<div id="cy"></div>
<script nonce="${n}" src="${scriptUri}"></script>
</body>
</html>`;
}

let current: vscode.WebviewPanel | undefined;

/** Opens the map (or brings it forward) and sends it the graph. */
export function showNetworkMap(extensionUri: vscode.Uri, server: ServerAccess): void {
  if (current !== undefined) {
    current.reveal();
    return;
  }
  const dist = vscode.Uri.joinPath(extensionUri, 'dist');
  const panel = vscode.window.createWebviewPanel('ties.networkMap', 'ties: network map', vscode.ViewColumn.Active, {
    enableScripts: true,
    localResourceRoots: [dist],
    retainContextWhenHidden: false,
  });
  current = panel;
  const webview = panel.webview;
  const asUri = (name: string) => webview.asWebviewUri(vscode.Uri.joinPath(dist, name)).toString();
  webview.html = mapHtml(webview.cspSource, asUri('map.js'), asUri('map.css'), nonce());

  const sendGraph = async () => {
    const answer = await server.run(SERVER_COMMANDS.graph);
    const problem = problemOf(answer, 'The network map', SERVER_COMMANDS.graph);
    await webview.postMessage(problem === undefined && answer.kind === 'ok' ? { type: 'graph', graph: answer.value } : { type: 'message', text: problem });
  };
  panel.onDidDispose(() => {
    current = undefined;
  });
  webview.onDidReceiveMessage(async (m: FromMap) => {
    if (m.type === 'ready') {
      await sendGraph();
    } else if (m.type === 'open' && typeof m.uri === 'string' && m.uri !== '') {
      // Beside the map, which stays open.
      await openLocation(m.uri, m.range, vscode.ViewColumn.Beside);
    } else if (m.type === 'intro' && typeof m.company === 'string') {
      const answer = await server.run(SERVER_COMMANDS.intro, [m.company]);
      const problem = problemOf(answer, 'Intro paths', SERVER_COMMANDS.intro);
      await webview.postMessage({ type: 'intro', id: m.id, paths: answer.kind === 'ok' ? parseIntro(answer.value) : [], text: problem });
    }
  });
}
