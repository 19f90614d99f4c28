#!/usr/bin/env bash
# The two commands of the README, and the steps they are made of.
#
#   scripts/goldpath.sh start   install, then run the example app (http://localhost:3000)
#   scripts/goldpath.sh test    install, then every check CI runs
#
# Both need only Node.js (any version) and npm on the machine: Node 22 is
# fetched from the npm registry when the machine's is older (see
# scripts/node-env.sh), and yarn is the release checked in under .yarn/.
# `test` also needs PostgreSQL and Chromium; on Debian/Ubuntu it installs
# them with apt-get when it runs as root and they are missing.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
# shellcheck source=scripts/node-env.sh
source "$ROOT/scripts/node-env.sh"

YARN_RELEASE="$(ls "$ROOT"/.yarn/releases/yarn-*.cjs | head -n 1)"
yarn() { node "$YARN_RELEASE" "$@"; }

# Native modules (better-sqlite3) build from source against the headers
# node-env.sh provides, instead of trying to download prebuilt binaries.
export npm_config_build_from_source=true

BACKEND_PID=""
stop_backend() {
  if [ -n "$BACKEND_PID" ]; then
    kill -- -"$BACKEND_PID" 2>/dev/null || true
    BACKEND_PID=""
  fi
}
trap stop_backend EXIT

step() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }

install() {
  step "Installing dependencies (yarn.lock is frozen)"
  yarn install --immutable
}

as_postgres() {
  if [ "$(id -u)" = 0 ]; then
    su postgres -c "$*"
  elif command -v sudo >/dev/null 2>&1; then
    sudo -u postgres sh -c "$*"
  else
    echo "goldpath: cannot act as the postgres user; set BACKSTAGE_TEST_DATABASE_POSTGRES<N>_CONNECTION_STRING" >&2
    return 1
  fi
}

apt_install() {
  if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
    echo "goldpath: please install $* (apt-get as root was not possible here)" >&2
    return 1
  fi
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

# Points Backstage's TestDatabases at a local PostgreSQL server, starting
# (and if needed installing) Debian's cluster. A variable already set wins.
ensure_postgres() {
  if env | grep -q '^BACKSTAGE_TEST_DATABASE_POSTGRES[0-9]*_CONNECTION_STRING='; then
    echo "Using the PostgreSQL server named by BACKSTAGE_TEST_DATABASE_POSTGRES*_CONNECTION_STRING"
    return 0
  fi
  step "Starting PostgreSQL"
  if ! command -v pg_lsclusters >/dev/null 2>&1; then
    apt_install postgresql
  fi
  local cluster version name port status
  cluster="$(pg_lsclusters -h | head -n 1)"
  if [ -z "$cluster" ]; then
    version="$(ls /usr/lib/postgresql | sort -n | tail -n 1)"
    pg_createcluster "$version" main >/dev/null
    cluster="$(pg_lsclusters -h | head -n 1)"
  fi
  read -r version name port status _ <<<"$cluster"
  if [ "$status" != "online" ]; then
    pg_ctlcluster --skip-systemctl-redirect "$version" "$name" start
  fi
  for _ in $(seq 1 30); do
    as_postgres "psql -p $port -Atqc 'select 1'" >/dev/null 2>&1 && break
    sleep 1
  done
  if ! as_postgres "psql -p $port -Atqc \"select 1 from pg_roles where rolname = 'goldpath_test'\"" | grep -q 1; then
    as_postgres "psql -p $port -qc \"create role goldpath_test login createdb password 'goldpath_test'\""
  fi
  export "BACKSTAGE_TEST_DATABASE_POSTGRES${version}_CONNECTION_STRING=postgresql://goldpath_test:goldpath_test@localhost:$port"
  echo "PostgreSQL $version on port $port"
}

ensure_chromium() {
  if ! command -v chromium >/dev/null 2>&1; then
    step "Installing Chromium (Debian package) for the browser smoke test"
    apt_install chromium
  fi
}

smoke_test() {
  step "Building the example app"
  yarn workspace app build

  step "Browser smoke test against the example (backend serving the built app)"
  ensure_chromium
  local log="$ROOT/.cache/e2e-backend.log" status=0
  mkdir -p "$ROOT/.cache"
  # A session of its own, so the backend and its children stop together.
  (
    cd packages/backend
    APP_CONFIG_app_baseUrl=http://localhost:7007 \
      exec setsid node "$YARN_RELEASE" start
  ) >"$log" 2>&1 &
  BACKEND_PID=$!
  local ready=""
  for _ in $(seq 1 120); do
    if curl -fs http://localhost:7007/.backstage/health/v1/readiness >/dev/null 2>&1; then
      ready=1
      break
    fi
    if ! kill -0 "$BACKEND_PID" 2>/dev/null; then break; fi
    sleep 2
  done
  if [ -z "$ready" ]; then
    echo "The example backend did not become ready; its log:" >&2
    tail -n 50 "$log" >&2
    stop_backend
    return 1
  fi
  GOLDPATH_E2E_URL=http://localhost:7007 yarn playwright test || status=$?
  stop_backend
  return "$status"
}

# Package hygiene (scripts/package-hygiene): every import of a published file
# declared, every declared dependency used (reads dist-types/, so run it after
# tsc), the lint's own tests, and the manifests as `backstage-cli repo fix
# --publish` would write them (exports, typesVersions, pluginId, pluginPackages).
package_hygiene() {
  step "Package hygiene: declared vs used dependencies, manifests (repo fix --publish --check)"
  node --test scripts/package-hygiene/check-deps.test.js
  yarn lint:deps
  yarn backstage-cli repo fix --publish --check
}

run_tests() {
  export CI="${CI:-true}"
  export BACKSTAGE_TEST_DISABLE_DOCKER=1
  export GOLDPATH_REQUIRE_POSTGRES=1

  step "Checking that every @backstage/* package resolves to one 1.55.0 version"
  node scripts/check-backstage-versions.js

  ensure_postgres

  step "Type checking"
  yarn tsc

  # API reports (scripts/api-reports): the committed report*.api.md (each
  # entry point, incl. /alpha), report.sql.md (the stores' migrations, run in
  # an in-process PGlite) and cli-report.md must match the code. Reads
  # dist-types/, so after tsc. Fix: `yarn build:api-reports`, commit the diff.
  step "API reports are up to date (yarn build:api-reports:check)"
  yarn build:api-reports:check

  # Changesets (scripts/changesets): a change to a published package since
  # the last release (or the merge-base with origin/main) names it in a
  # changeset. The check's own tests first.
  step "Changesets: every changed published package has one"
  node --test scripts/changesets/check.test.js
  yarn changeset:check

  step "Linting"
  yarn lint:all
  yarn prettier:check

  # Package hygiene (after tsc: the dependency lint reads dist-types/).
  package_hygiene

  step "Unit, store (SQLite and PostgreSQL) and backend integration tests"
  yarn test:all

  step "Fault tests: kill -9 mid-batch, a PostgreSQL outage, the emitter through a restart and into a starting backend (scripts/fault)"
  yarn test:fault

  smoke_test

  # Install check (scripts/install-check): every publishable package packed
  # (yarn build:packages), installed as the README says into a fresh
  # @backstage/create-app@0.9.2 app on 1.55.0; the app type-checks and builds,
  # its backend starts with them (port 7190), takes an event and shows it on
  # the scorecard API, and the fleet page, card and DORA tab render.
  step "Install check: the packed packages in a fresh create-app 1.55 app (yarn test:install)"
  yarn test:install
}

case "${1:-}" in
  start)
    install
    step "Starting the example: app on http://localhost:3000, backend on http://localhost:7007"
    yarn dev
    ;;
  test)
    install
    run_tests
    step "All checks passed"
    ;;
  install)
    install
    ;;
  smoke)
    smoke_test
    ;;
  install-check)
    yarn test:install
    ;;
  hygiene)
    package_hygiene
    ;;
  bench)
    # SQLite and PostgreSQL at several sizes; each run is kept in
    # plugins/dora-backend/bench/results*.json and BENCHMARKS.md is written from
    # them. Not part of `test`. Options: see plugins/dora-backend/bench/bench.ts.
    shift
    ensure_postgres
    step "Benchmark (see BENCHMARKS.md)"
    node plugins/dora-backend/bench/run.js "$@"
    ;;
  *)
    echo "usage: scripts/goldpath.sh start|test|install|smoke|hygiene|install-check|bench" >&2
    exit 2
    ;;
esac
