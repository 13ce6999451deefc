#!/usr/bin/env bash
# Runs the whole OrleansAgents test suite (unit, then integration). On a fresh Debian machine (as root, or with sudo) it first installs and
# starts what the tests need: Redis and PostgreSQL from apt, both on 127.0.0.1, kubectl, chromium and promtool. Safe to run again: every step checks first.
set -euo pipefail
cd "$(dirname "$0")"

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

export PGPORT="${PGPORT:-5432}"
export REDIS_PORT="${REDIS_PORT:-6379}"
PG_USER="${ORLEANS_AGENTS_PG_USER:-orleans_agents}"
PG_PASSWORD="${ORLEANS_AGENTS_PG_PASSWORD:-orleans_agents_test}"
PG_DATABASE="${ORLEANS_AGENTS_PG_DATABASE:-orleans_agents_test}"

apt_install() {
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q "$@" >/dev/null 2>&1 || {
    $SUDO apt-get update -q >/dev/null
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q "$@" >/dev/null
  }
}

# --- Redis ------------------------------------------------------------------------------------------------------
if ! command -v redis-server >/dev/null 2>&1; then
  echo "test.sh: installing redis-server"
  apt_install redis-server
fi
if ! redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping >/dev/null 2>&1; then
  echo "test.sh: starting redis-server on 127.0.0.1:$REDIS_PORT"
  redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --daemonize yes --save "" --appendonly no >/dev/null
fi
for _ in $(seq 50); do redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping >/dev/null 2>&1 && break; sleep 0.2; done
redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping >/dev/null

# --- kubectl (renders the k8s/ overlays for the deployment tests) --------------------------------------------------
if ! command -v kubectl >/dev/null 2>&1; then
  echo "test.sh: installing kubectl"
  apt_install kubectl
fi

# --- Chromium (headless: renders the load command's HTML report) ---------------------------------------------------
if ! command -v chromium >/dev/null 2>&1; then
  echo "test.sh: installing chromium"
  apt_install chromium
fi

# --- promtool (checks the silo's /metrics and the alert rules of k8s/monitoring/ in the observability tests) ------------
if ! command -v promtool >/dev/null 2>&1; then
  echo "test.sh: installing prometheus (for promtool)"
  # Its postinst may fail to start the prometheus service where there is no init system; only promtool is needed.
  apt_install prometheus || command -v promtool >/dev/null
fi

# --- zstd (the GPU harness's local-path test compresses its chunks with it) ----------------------------------------------
if ! command -v zstd >/dev/null 2>&1 || ! command -v xz >/dev/null 2>&1; then
  echo "test.sh: installing zstd and xz-utils"
  apt_install zstd xz-utils
fi

# --- PostgreSQL -------------------------------------------------------------------------------------------------
if ! command -v pg_ctlcluster >/dev/null 2>&1 || [ -z "$(ls /etc/postgresql 2>/dev/null)" ]; then
  echo "test.sh: installing postgresql"
  apt_install postgresql
fi
PG_VERSION="$(ls /etc/postgresql | sort -V | tail -n 1)"
if ! pg_isready -h 127.0.0.1 -p "$PGPORT" -q; then
  echo "test.sh: starting PostgreSQL $PG_VERSION on 127.0.0.1:$PGPORT"
  $SUDO pg_ctlcluster "$PG_VERSION" main start
fi
for _ in $(seq 50); do pg_isready -h 127.0.0.1 -p "$PGPORT" -q && break; sleep 0.2; done
pg_isready -h 127.0.0.1 -p "$PGPORT" -q
psql_admin() { $SUDO su postgres -c "psql -p $PGPORT -v ON_ERROR_STOP=1 -qtAc \"$1\""; }
if [ "$(psql_admin "SELECT 1 FROM pg_roles WHERE rolname = '$PG_USER'")" != "1" ]; then
  psql_admin "CREATE ROLE $PG_USER LOGIN PASSWORD '$PG_PASSWORD'"
fi
if [ "$(psql_admin "SELECT 1 FROM pg_database WHERE datname = '$PG_DATABASE'")" != "1" ]; then
  psql_admin "CREATE DATABASE $PG_DATABASE OWNER $PG_USER"
fi

# --- Tests ------------------------------------------------------------------------------------------------------
export ORLEANS_AGENTS_TEST_REDIS="127.0.0.1:$REDIS_PORT"
export ORLEANS_AGENTS_TEST_POSTGRES="Host=127.0.0.1;Port=$PGPORT;Username=$PG_USER;Password=$PG_PASSWORD;Database=$PG_DATABASE;Timeout=30"
# The unit project needs none of the above; the integration project uses all of it. They run one after the other: the
# multi-process cluster tests would starve (and be starved by) the in-process clusters of the unit tests.
dotnet build OrleansAgents.sln -c Release -v quiet -nologo
status=0
failed=()
log="$(mktemp)"
for project in tests/OrleansAgents.UnitTests tests/OrleansAgents.IntegrationTests; do
  dotnet test "$project" -c Release --no-build --logger "console;verbosity=normal" "$@" 2>&1 | tee "$log" || status=$?
  while IFS= read -r line; do failed+=("$project: $line"); done < <(grep -E '^  Failed .* \[[^]]*\]$' "$log" | sed -E 's/^  Failed //')
done
rm -f "$log"
# The summary comes last, so that the tail of a long log says what failed.
if [ "$status" -ne 0 ]; then
  echo "test.sh: FAILED (exit $status); failed tests: ${#failed[@]}"
  for line in "${failed[@]}"; do echo "  $line"; done
else
  echo "test.sh: all tests passed"
fi
exit $status
