#!/usr/bin/env bash
# Installs code-server (VS Code's workbench, served to a browser) from npm into a cache folder,
# offline apart from the npm registry. Prints the path of the code-server launcher.
#
#   install-code-server.sh [CACHE_DIR]     default: ~/.cache/ties-ci
#
# The install needs build tools for VS Code's native modules (Debian: g++ make python3
# pkg-config libkrb5-dev libx11-dev libxkbfile-dev libsecret-1-dev) and ripgrep (`rg`). A
# finished install is reused: the folder is kept between CI runs.
set -euo pipefail

VERSION=4.99.4              # VS Code 1.99.3, the last line on Node 20
RG_PKG_VERSION=1.15.11      # @vscode/ripgrep in code-server's lib/vscode/npm-shrinkwrap.json
RG_TAG=v13.0.0-10           # VERSION in @vscode/ripgrep's lib/postinstall.js
cache="${1:-$HOME/.cache/ties-ci}"
dir="$cache/code-server-$VERSION"
launcher="$dir/node_modules/code-server/out/node/entry.js"

if [ -f "$dir/.complete" ] && [ -f "$launcher" ]; then
  echo "$launcher"
  exit 0
fi

for tool in rg g++ make python3 pkg-config; do
  command -v "$tool" >/dev/null || { echo "install-code-server: '$tool' is missing (apt-get install ripgrep g++ make python3 pkg-config libkrb5-dev libx11-dev libxkbfile-dev libsecret-1-dev)" >&2; exit 1; }
done

rm -rf "$dir"
mkdir -p "$dir"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

# (1) @vscode/ripgrep's postinstall downloads rg from GitHub unless its cache holds the tarball:
# give it Debian's rg.
rg_cache="$tmp/vscode-ripgrep-cache-$RG_PKG_VERSION"
mkdir -p "$rg_cache/stage"
cp "$(command -v rg)" "$rg_cache/stage/rg"
tar -czf "$rg_cache/ripgrep-$RG_TAG-x86_64-unknown-linux-musl.tar.gz" -C "$rg_cache/stage" rg

cat > "$dir/package.json" <<JSON
{ "private": true, "dependencies": { "code-server": "$VERSION" } }
JSON

node_dir="$(dirname "$(dirname "$(command -v node)")")"
(
  cd "$dir"
  export TMPDIR="$tmp"
  # (2) node-gyp builds against the local Node's headers instead of downloading them.
  export npm_config_nodedir="$node_dir"
  # (3) node-pty's postinstall runs `npx node-gyp`, which asks before installing.
  export npm_config_yes=true
  # (4) as root, code-server's postinstall insists on unsafe-perm.
  export npm_config_unsafe_perm=true
  # npm 11 runs no dependency install scripts unless allowed, and code-server's postinstall runs
  # a second `npm install` inside lib/vscode (native modules, ripgrep): allow them for this
  # install only.
  export npm_config_dangerously_allow_all_scripts=true
  npm install --no-audit --no-fund --omit=dev --foreground-scripts >"$dir/install.log" 2>&1
) || { echo "install-code-server: npm install failed; the end of $dir/install.log:" >&2; tail -40 "$dir/install.log" >&2; exit 1; }

test -f "$launcher" || { echo "install-code-server: $launcher is missing after the install" >&2; exit 1; }
touch "$dir/.complete"
echo "$launcher"
