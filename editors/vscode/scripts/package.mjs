// Packages the extension (after `npm run bundle`): `npm run package` makes the universal .vsix,
// which runs the `ties` found through ties.server.path or PATH; `npm run package -- --target
// linux-x64` makes the .vsix for one platform with the server inside (server/ties, or
// server/ties.exe on Windows), built with `cargo build --profile dist` unless `--binary FILE` (or
// TIES_SERVER_BIN) names one already built for that platform. docs/release.md says how each
// platform is built and checked.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';

/** VS Code's platform names and the Rust target each one needs. */
const TARGETS = {
  'linux-x64': 'x86_64-unknown-linux-gnu',
  'linux-arm64': 'aarch64-unknown-linux-gnu',
  'alpine-x64': 'x86_64-unknown-linux-musl',
  'alpine-arm64': 'aarch64-unknown-linux-musl',
  'darwin-x64': 'x86_64-apple-darwin',
  'darwin-arm64': 'aarch64-apple-darwin',
  'win32-x64': 'x86_64-pc-windows-msvc',
  'win32-arm64': 'aarch64-pc-windows-msvc',
};

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const repo = path.resolve(root, '..', '..');
const serverDir = path.join(root, 'server');
const say = (line) => process.stderr.write(`package: ${line}\n`);

function fail(message) {
  say(`error: ${message}`);
  process.exit(1);
}

function parseArgs(argv) {
  const opts = { target: undefined, binary: process.env.TIES_SERVER_BIN || undefined };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => argv[++i] ?? fail(`${arg} needs a value`);
    if (arg === '--target') opts.target = value();
    else if (arg.startsWith('--target=')) opts.target = arg.slice('--target='.length);
    else if (arg === '--binary') opts.binary = value();
    else if (arg.startsWith('--binary=')) opts.binary = arg.slice('--binary='.length);
    else fail(`unknown argument ${arg}: use --target <${Object.keys(TARGETS).join('|')}> [--binary FILE]`);
  }
  if (opts.target !== undefined && !(opts.target in TARGETS)) {
    fail(`unknown target ${opts.target}: use one of ${Object.keys(TARGETS).join(', ')}`);
  }
  if (opts.binary !== undefined && opts.target === undefined) {
    fail('--binary needs --target: the universal .vsix carries no server');
  }
  return opts;
}

function run(command, args, options = {}) {
  say(`$ ${[command, ...args].join(' ')}`);
  const r = spawnSync(command, args, { stdio: 'inherit', ...options });
  if (r.error) fail(`cannot run ${command}: ${r.error.message}`);
  if (r.status !== 0) fail(`${command} exited with ${r.status ?? r.signal}`);
}

function output(command, args) {
  const r = spawnSync(command, args, { encoding: 'utf8' });
  if (r.error || r.status !== 0) fail(`${command} ${args.join(' ')} failed: ${r.error?.message ?? r.stderr}`);
  return r.stdout;
}

/** Builds `ties` for `triple` with the dist profile; returns the binary's path. */
function buildServer(triple, exe) {
  const manifest = path.join(repo, 'Cargo.toml');
  if (!fs.existsSync(manifest)) fail(`no ${manifest}: build the server elsewhere and pass --binary FILE`);
  const host = /^host: (.+)$/m.exec(output('rustc', ['-vV']))?.[1]?.trim();
  const cross = triple !== host;
  const args = ['build', '--profile', 'dist', '--locked', '--bin', 'ties', '--manifest-path', manifest];
  if (cross) args.push('--target', triple);
  run('cargo', args);
  const targetDir = JSON.parse(output('cargo', ['metadata', '--format-version', '1', '--no-deps', '--manifest-path', manifest])).target_directory;
  return path.join(targetDir, ...(cross ? [triple] : []), 'dist', exe);
}

const mib = (bytes) => `${(bytes / 1024 / 1024).toFixed(1)} MiB (${bytes} bytes)`;

function main() {
  const opts = parseArgs(process.argv.slice(2));
  const version = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')).version;
  const vsce = path.join(root, 'node_modules', '@vscode', 'vsce', 'vsce');
  if (!fs.existsSync(path.join(root, 'dist', 'extension.js'))) fail('no dist/extension.js: run `npm run bundle` first');
  // A stale server/ from an earlier platform build must never end up in another package.
  fs.rmSync(serverDir, { recursive: true, force: true });
  try {
    const vsceArgs = [vsce, 'package', '--no-dependencies', '--skip-license'];
    let out;
    if (opts.target === undefined) {
      out = `ties-${version}.vsix`;
    } else {
      const exe = opts.target.startsWith('win32-') ? 'ties.exe' : 'ties';
      const binary = path.resolve(opts.binary ?? buildServer(TARGETS[opts.target], exe));
      if (!fs.statSync(binary, { throwIfNoEntry: false })?.isFile()) fail(`no server binary at ${binary}`);
      fs.mkdirSync(serverDir);
      fs.copyFileSync(binary, path.join(serverDir, exe));
      fs.chmodSync(path.join(serverDir, exe), 0o755);
      say(`server: ${binary}, ${mib(fs.statSync(binary).size)}`);
      out = `ties-${opts.target}-${version}.vsix`;
      vsceArgs.push('--target', opts.target);
    }
    run(process.execPath, [...vsceArgs, '-o', out], { cwd: root });
    say(`${out}: ${mib(fs.statSync(path.join(root, out)).size)}`);
  } finally {
    fs.rmSync(serverDir, { recursive: true, force: true });
  }
}

main();
