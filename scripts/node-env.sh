# shellcheck shell=bash
# Puts Node.js 22 on PATH when the machine's Node is older.
#
# Sourced by scripts/goldpath.sh (and .ci/run). Goldpath needs Node 22 or 24
# (the Backstage 1.55 toolchain). On a machine that only has an older Node and
# npm, this fetches the official Node build that the npm registry publishes as
# the package `node-linux-<arch>` into .cache/node-<version>/ (binary and C++
# headers, about 50 MB, once) and points native-module builds (better-sqlite3)
# at those headers through npm_config_nodedir, so nothing is downloaded from
# anywhere but the npm registry.

GOLDPATH_NODE_VERSION="${GOLDPATH_NODE_VERSION:-22.23.5}"

goldpath_node_env() {
  local root major arch dir tmp
  root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
  if ! command -v node >/dev/null 2>&1; then
    echo "goldpath: Node.js and npm are required (any version; Node 22 is fetched if older)" >&2
    return 1
  fi
  major="$(node -p 'process.versions.node.split(".")[0]')"
  if [ "$major" -ge 22 ]; then
    # Build native modules against this Node's own headers when it ships them,
    # whatever an npmrc's nodedir says (a stale one gives the wrong ABI).
    local prefix
    prefix="$(node -p 'require("path").resolve(process.execPath, "../..")')"
    if [ -f "$prefix/include/node/node.h" ]; then
      export npm_config_nodedir="$prefix"
    fi
    return 0
  fi
  dir="$root/.cache/node-$GOLDPATH_NODE_VERSION"
  if [ ! -x "$dir/bin/node" ]; then
    if [ "$(uname -s)" != "Linux" ]; then
      echo "goldpath: Node $major found; install Node 22 or 24 (automatic download is for Linux only)" >&2
      return 1
    fi
    case "$(uname -m)" in
      x86_64) arch=x64 ;;
      aarch64 | arm64) arch=arm64 ;;
      *) echo "goldpath: unsupported CPU $(uname -m); install Node 22 yourself" >&2; return 1 ;;
    esac
    echo "goldpath: Node $(node -v) is too old; fetching node-linux-$arch@$GOLDPATH_NODE_VERSION from the npm registry" >&2
    tmp="$(mktemp -d)"
    (cd "$tmp" && npm pack --silent "node-linux-$arch@$GOLDPATH_NODE_VERSION" >/dev/null) || { rm -rf "$tmp"; return 1; }
    tar -xzf "$tmp"/node-linux-*.tgz -C "$tmp" || { rm -rf "$tmp"; return 1; }
    mkdir -p "$root/.cache"
    rm -rf "$dir"
    mv "$tmp/package" "$dir"
    rm -rf "$tmp"
  fi
  export PATH="$dir/bin:$PATH"
  # node-gyp (better-sqlite3) builds against these headers instead of downloading them.
  export npm_config_nodedir="$dir"
}

goldpath_node_env
