#!/usr/bin/env bash
# yarn test:install: installs every publishable Goldpath package, packed by
# `yarn build:packages`, into a fresh Backstage app from
# @backstage/create-app@0.9.2 (release 1.55.0), following the README's
# "Installing into your Backstage" steps, and proves it works:
#
#   1. yarn build:packages (tsc, build, pack into dist-packages/);
#   2. a fresh app in .cache/install-check/app, pinned to 1.55.0 (Goldpath's
#      @backstage/* resolutions copied into the app's: the "app already on
#      1.55.0" precondition, not an install step);
#   3. the README's install: resolutions with file: paths to the tarballs for
#      every @goldpath/* package, then `yarn --cwd packages/backend add ...`
#      and `yarn --cwd packages/app add ...`; beyond the README, the two
#      demo-data modules are added with the backend packages and demo data is
#      turned on (goldpath.demo.enabled), so the pages show numbers;
#   4. frontend: a file importing the /alpha features and the legacy exports of
#      every frontend package, type-checked by `yarn tsc` on the app; the app
#      build;
#   5. backend: one backend.add per Goldpath backend package, a static
#      external-access token restricted to the Goldpath plugins, start on port
#      $GOLDPATH_INSTALL_CHECK_PORT (7190), no error from a Goldpath plugin or
#      a plugin failing to start, an event POSTed to /api/dora/events and read
#      back from the scorecard API;
#   6. the built app served by that backend: the fleet page /dora and an
#      entity's DORA tab in Chromium (skipped with GOLDPATH_INSTALL_CHECK_BROWSER=0).
#
# Re-runnable (wipes .cache/install-check first); exits non-zero on any failure
# and stops the backend it started on every exit path.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
# shellcheck source=scripts/node-env.sh
source "$ROOT/scripts/node-env.sh"
export npm_config_build_from_source=true

YARN_RELEASE="$ROOT/.yarn/releases/yarn-4.13.0.cjs"
WORK="$ROOT/.cache/install-check"
APP="$WORK/app"
PACKAGES="$ROOT/dist-packages"
PORT="${GOLDPATH_INSTALL_CHECK_PORT:-7190}"
BASE="http://localhost:$PORT"
LOG="$WORK/backend.log"
CREATE_APP="@backstage/create-app@0.9.2"

BACKEND_PID=""
stop_backend() {
  if [ -n "$BACKEND_PID" ]; then
    kill -- -"$BACKEND_PID" 2>/dev/null || true
    for _ in $(seq 1 20); do
      kill -0 -- -"$BACKEND_PID" 2>/dev/null || break
      sleep 0.5
    done
    kill -9 -- -"$BACKEND_PID" 2>/dev/null || true
    BACKEND_PID=""
  fi
}
on_exit() {
  local status=$?
  stop_backend
  if [ "$status" != 0 ]; then
    printf '\n\033[1;31minstall check FAILED (exit %s); the app is in %s\033[0m\n' "$status" "$APP" >&2
  fi
}
trap on_exit EXIT
trap 'exit 130' INT TERM

STEP_STARTED=""
STEP_NAME=""
TIMINGS=()
end_step() {
  if [ -n "$STEP_NAME" ]; then
    TIMINGS+=("$(printf '%4ss  %s' "$(($(date +%s) - STEP_STARTED))" "$STEP_NAME")")
  fi
}
step() {
  end_step
  STEP_NAME="$*"
  STEP_STARTED=$(date +%s)
  printf '\n\033[1m==> [install-check] %s\033[0m\n' "$*"
}
fail() {
  echo "install check: $*" >&2
  exit 1
}

rm -rf "$WORK"
mkdir -p "$WORK/bin"
# create-app wants a `yarn` on PATH; the app itself uses the yarn 4.13.0 its
# template ships (.yarn/releases), the same release as Goldpath's.
printf '#!/bin/sh\nexec node "%s" "$@"\n' "$YARN_RELEASE" >"$WORK/bin/yarn"
chmod +x "$WORK/bin/yarn"
export PATH="$WORK/bin:$PATH"
# The app is a project of its own, not a workspace of Goldpath's.
unset YARN_IGNORE_PATH npm_config_user_agent || true

step "yarn build:packages"
yarn build:packages

step "Creating a fresh app with $CREATE_APP"
(cd "$WORK" && BACKSTAGE_APP_NAME=app npx -y "$CREATE_APP" --skip-install </dev/null)
[ -f "$APP/package.json" ] || fail "create-app wrote no app"
grep -q '"version": "1.55.0"' "$APP/backstage.json" || fail "the template is not release 1.55.0"

step "Pinning the app to 1.55.0 (Goldpath's @backstage/* resolutions into the app's root package.json)"
node -e '
  const fs = require("fs");
  const [goldpathPkg, appPkg] = process.argv.slice(1);
  const ours = JSON.parse(fs.readFileSync(goldpathPkg, "utf8")).resolutions;
  const app = JSON.parse(fs.readFileSync(appPkg, "utf8"));
  app.resolutions = app.resolutions ?? {};
  let n = 0;
  for (const [name, version] of Object.entries(ours)) {
    if (name.startsWith("@backstage/")) { app.resolutions[name] = version; n++; }
  }
  // Test-harness speed, not an install step: native add-ons the app never
  // loads here (tree-sitter grammars of the CLI, ssh2 and cpu-features crypto
  // speed-ups, keytar, which cannot build on this machine, and the
  // install-time analytics of @scarf/scarf) are not built. better-sqlite3 is built.
  app.dependenciesMeta = app.dependenciesMeta ?? {};
  for (const name of ["keytar", "tree-sitter", "tree-sitter-json",
    "@tree-sitter-grammars/tree-sitter-yaml", "ssh2", "cpu-features", "@scarf/scarf"]) {
    app.dependenciesMeta[name] = { ...app.dependenciesMeta[name], built: false };
  }
  fs.writeFileSync(appPkg, JSON.stringify(app, null, 2) + "\n");
  console.log(`${n} @backstage/* resolutions`);
' "$ROOT/package.json" "$APP/package.json"

# --- The README's steps, "From the tarballs" -------------------------------
step "README: resolutions with file: paths for every @goldpath/* package"
node -e '
  const fs = require("fs");
  const path = require("path");
  const [dir, appPkg] = process.argv.slice(1);
  const app = JSON.parse(fs.readFileSync(appPkg, "utf8"));
  const files = fs.readdirSync(dir).filter(f => f.endsWith(".tgz")).sort();
  if (files.length === 0) { console.error("no tarballs in " + dir); process.exit(1); }
  for (const f of files) {
    const name = "@" + f.replace(/\.tgz$/, "").replace(/^goldpath-/, "goldpath/");
    app.resolutions[name] = "file:" + path.join(dir, f);
    console.log(`  "${name}": "${app.resolutions[name]}"`);
  }
  fs.writeFileSync(appPkg, JSON.stringify(app, null, 2) + "\n");
' "$PACKAGES" "$APP/package.json"

VERSION="$(node -p 'require(process.argv[1]).version' "$ROOT/plugins/dora-backend/package.json")"
BACKEND_PACKAGES=(
  @goldpath/plugin-dora-backend
  @goldpath/plugin-policy-backend
  @goldpath/plugin-catalog-backend-module-goldpath
  @goldpath/plugin-scaffolder-backend-module-goldpath
  @goldpath/plugin-requests-backend
  @goldpath/plugin-audit-backend
  @goldpath/plugin-dora-backend-module-digest
)
# Beyond the README's list (its "demo data only" lines); the step that adds
# them to BACKEND_PACKAGES says so.
DEMO_PACKAGES=(
  @goldpath/plugin-dora-backend-module-demo-data
  @goldpath/plugin-policy-backend-module-demo-data
)
FRONTEND_PACKAGES=(
  @goldpath/plugin-dora
  @goldpath/plugin-policy
  @goldpath/plugin-catalog-module-goldpath
  @goldpath/plugin-scaffolder-module-goldpath
  @goldpath/plugin-requests
  @goldpath/plugin-audit
)
# Every publishable plugin or module must be installed; the libraries and CLIs
# come in as dependencies of these, resolved to their tarballs too.
for f in "$PACKAGES"/*.tgz; do
  name="@$(basename "$f" .tgz | sed 's#^goldpath-#goldpath/#')"
  role="$(tar -xzOf "$f" package/package.json | node -e \
    'console.log(JSON.parse(require("fs").readFileSync(0, "utf8")).backstage?.role ?? "")')"
  case " ${BACKEND_PACKAGES[*]} ${DEMO_PACKAGES[*]} ${FRONTEND_PACKAGES[*]} " in
    *" $name "*) ;;
    *)
      case "$role" in
        backend-plugin | backend-plugin-module | frontend-plugin | frontend-plugin-module)
          fail "$name ($role) is packed but not installed: add it to BACKEND_PACKAGES or FRONTEND_PACKAGES in $0" ;;
        *) echo "  $name: a library or CLI${role:+ ($role)}, installed through the resolutions only" ;;
      esac
      ;;
  esac
done

# Same install as the README's below (one yarn add), with the demo-data modules
# added to it, so the pages the browser step opens have numbers.
step "Beyond the README: the demo-data modules join the backend packages (backend.add too) and goldpath.demo.enabled is set, for numbers on the pages"
BACKEND_PACKAGES+=("${DEMO_PACKAGES[@]}")
printf '  %s\n' "${DEMO_PACKAGES[@]}"

step "README: yarn --cwd packages/backend add ... (the first install of the app)"
(cd "$APP" && yarn --cwd packages/backend add "${BACKEND_PACKAGES[@]/%/@^$VERSION}")

step "README: yarn --cwd packages/app add ..."
(cd "$APP" && yarn --cwd packages/app add "${FRONTEND_PACKAGES[@]/%/@^$VERSION}")

step "Every @goldpath/* package in the app resolves to a tarball, every @backstage/* to one version"
node -e '
  const fs = require("fs");
  const lock = fs.readFileSync(process.argv[1], "utf8");
  const goldpath = new Map(), backstage = new Map();
  for (const m of lock.matchAll(/^"((@goldpath|@backstage)\/[^@"]+)@[^\n]*\n(?:  [^\n]*\n)*?  resolution: "[^"]*@([^"]+)"/gm)) {
    const map = m[2] === "@goldpath" ? goldpath : backstage;
    map.set(m[1], new Set([...(map.get(m[1]) ?? []), m[3]]));
  }
  let bad = 0;
  for (const [name, res] of goldpath) {
    for (const r of res) if (!r.startsWith("file:")) { console.error(`  ${name} resolves to ${r}, not a tarball`); bad++; }
  }
  for (const [name, res] of backstage) {
    if (res.size > 1) { console.error(`  ${name}: ${[...res].join(", ")}`); bad++; }
  }
  console.log(`  ${goldpath.size} @goldpath/* packages from tarballs, ${backstage.size} @backstage/* packages`);
  // None parsed means the pattern no longer fits the lockfile: nothing was checked.
  if (goldpath.size === 0) { console.error("  no @goldpath/* entry parsed from " + process.argv[1]); bad++; }
  if (bad) process.exit(1);
' "$APP/yarn.lock"

# --- Backend ----------------------------------------------------------------
step "Backend: one backend.add per Goldpath backend package; static token; port $PORT"
node -e '
  const fs = require("fs");
  const [file, ...pkgs] = process.argv.slice(1);
  let src = fs.readFileSync(file, "utf8");
  const lines = pkgs.map(p => `backend.add(import(${JSON.stringify(p)}));`).join("\n");
  if (!src.includes("backend.start();")) { console.error("no backend.start() in " + file); process.exit(1); }
  src = src.replace("backend.start();", `// Goldpath\n${lines}\n\nbackend.start();`);
  fs.writeFileSync(file, src);
  console.log(lines);
' "$APP/packages/backend/src/index.ts" "${BACKEND_PACKAGES[@]}"
TOKEN="install-check-$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"
cat >"$APP/app-config.local.yaml" <<EOF
# Written by Goldpath's install check (scripts/install-check/run.sh).
app:
  baseUrl: $BASE
backend:
  baseUrl: $BASE
  listen:
    port: $PORT
  cors:
    origin: $BASE
  auth:
    externalAccess:
      - type: static
        options:
          token: \${GOLDPATH_CI_TOKEN}
          subject: install-check
        accessRestrictions:
          - plugin: dora
          - plugin: policy
# Beyond the README: demo data (see the step above the backend's yarn add).
goldpath:
  demo:
    enabled: true
    days: 30
EOF

# --- Frontend ---------------------------------------------------------------
step "Frontend: importing the /alpha features and the legacy exports; yarn tsc on the app (backend included)"
cp "$ROOT/scripts/install-check/goldpath.ts" "$APP/packages/app/src/goldpath.ts"
(cd "$APP" && yarn tsc)

step "Frontend: building the app"
(cd "$APP" && yarn workspace app build)


step "Backend: starting on $BASE"
# Another server on the port would answer the checks below in its place.
if curl -s -o /dev/null --max-time 2 "$BASE"; then
  fail "something already listens on port $PORT (set GOLDPATH_INSTALL_CHECK_PORT)"
fi
(
  cd "$APP/packages/backend"
  GOLDPATH_CI_TOKEN="$TOKEN" exec setsid node "$APP/.yarn/releases/yarn-4.13.0.cjs" start
) >"$LOG" 2>&1 &
BACKEND_PID=$!
ready=""
for _ in $(seq 1 150); do
  if curl -fs "$BASE/.backstage/health/v1/readiness" >/dev/null 2>&1; then
    ready=1
    break
  fi
  kill -0 "$BACKEND_PID" 2>/dev/null || break
  sleep 2
done
kill -0 "$BACKEND_PID" 2>/dev/null || ready=""
if [ -z "$ready" ]; then
  tail -n 60 "$LOG" >&2
  fail "the backend did not become ready (log: $LOG)"
fi
echo "ready"
# Give the plugins' start-up work (migrations, first tasks) a moment to log.
sleep 5

step "Backend: its log has no error from a Goldpath plugin or module, and no plugin failed to start"
node "$ROOT/scripts/install-check/check-log.js" "$LOG"

step "Backend: POST /api/dora/events with the static token, read back from the scorecard API"
NOW="$(date -u -d '-2 minutes' +%Y-%m-%dT%H:%M:%SZ)"
EVENT_ID="install-check-$(date +%s)"
body="$(curl -sS -w '\n%{http_code}' "$BASE/api/dora/events" \
  -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
  -d '{"events":[{"id":"'"$EVENT_ID"'","type":"deployment","service":"example-website","deploymentId":"'"$EVENT_ID"'","environment":"production","outcome":"success","commitSha":"9fceb02d0ae598e95dc970b74767f19372d61af8","timestamp":"'"$NOW"'"}]}')"
echo "$body"
[ "$(tail -n 1 <<<"$body")" = 200 ] || fail "POST /api/dora/events did not answer 200"
node -e 'const r = JSON.parse(process.argv[1]); if (r.accepted !== 1) process.exit(1);' "$(sed '$d' <<<"$body")" ||
  fail "the event was not accepted"
code=""
for _ in $(seq 1 30); do
  code="$(curl -sS -o "$WORK/scorecard.json" -w '%{http_code}' \
    "$BASE/api/dora/scorecards/component/default/example-website" -H "Authorization: Bearer $TOKEN")"
  [ "$code" = 202 ] || break # 202: the window is still being computed
  sleep 2
done
[ "$code" = 200 ] || { cat "$WORK/scorecard.json" >&2; fail "GET /api/dora/scorecards/component/default/example-website answered $code"; }
node -e '
  const s = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
  const df = s.deploymentFrequency;
  console.log(`  ${s.entityRef}: ${df?.deployments} deployment(s) in the ${s.window?.days ?? "?"}-day window, ` +
    `deployment frequency level ${JSON.stringify(df?.level ?? null)}`);
  if (!(df?.deployments >= 1)) {
    console.error(JSON.stringify(s).slice(0, 2000));
    console.error("the scorecard does not show the deployment");
    process.exit(1);
  }
' "$WORK/scorecard.json"
unauth="$(curl -s -o /dev/null -w '%{http_code}' "$BASE/api/dora/events" -X POST -H 'Content-Type: application/json' -d '{}')"
[ "$unauth" = 401 ] || fail "POST /api/dora/events without a token answered $unauth, not 401"
echo "  without a token: 401"

if [ "${GOLDPATH_INSTALL_CHECK_BROWSER:-1}" != 0 ]; then
  step "Browser: the fleet page /dora and an entity's DORA tab, served by the backend"
  NODE_PATH="$ROOT/node_modules" node "$ROOT/scripts/install-check/browser.js" "$BASE" "$WORK"
fi

step "Stopping the backend"
stop_backend
end_step
STEP_NAME=""

printf '\n\033[1m==> [install-check] passed. Step timings:\033[0m\n'
printf '  %s\n' "${TIMINGS[@]}"
