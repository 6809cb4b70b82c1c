// Bundles the extension (Node, CommonJS) and the network map's page script (browser) with
// esbuild, minified, into dist/, with the map's stylesheet next to them.
import * as fs from 'node:fs';
import process from 'node:process';
import { build } from 'esbuild';

const common = { bundle: true, minify: true, sourcemap: false, logLevel: 'warning', legalComments: 'none' };
fs.rmSync('dist', { recursive: true, force: true });
await Promise.all([
  build({ ...common, entryPoints: ['src/extension.ts'], external: ['vscode'], format: 'cjs', platform: 'node', target: 'node20', outfile: 'dist/extension.js' }),
  build({ ...common, entryPoints: ['src/webview/map.ts'], format: 'iife', platform: 'browser', target: 'es2022', outfile: 'dist/map.js' }),
]);
fs.copyFileSync('media/map.css', 'dist/map.css');
for (const f of fs.readdirSync('dist')) {
  process.stdout.write(`dist/${f}: ${Math.round(fs.statSync(`dist/${f}`).size / 1024)} KB\n`);
}
