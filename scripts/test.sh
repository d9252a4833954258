#!/usr/bin/env bash
# Command (2): install what the tests need and run the whole suite, on SQLite and on PostgreSQL.
# Exits non-zero when any test fails, when lint fails, or when a run collects no test at all.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh

missing=()
ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1 || missing+=(postgresql)
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing Debian packages: ${missing[*]}"
  apt_install "${missing[@]}"
fi
ensure_venv requirements-dev.txt

echo "== ruff"
.venv/bin/ruff check .
.venv/bin/ruff format --check .

run_suite() {
  local database=$1; shift
  echo "== pytest on $database"
  set +e
  .venv/bin/python -m pytest --database="$database" "$@"
  local status=$?
  set -e
  if [ $status -eq 5 ]; then
    echo "pytest collected no tests on $database: that is a failure, not a pass." >&2
    return 1
  fi
  return $status
}

run_suite sqlite "$@"
# Tests marked own_processes start their own servers and workers on their own SQLite files whatever --database says,
# so they ran above and are not repeated here; every test that uses the test database runs on PostgreSQL too.
run_suite postgresql -m "not own_processes" "$@"
echo "All tests passed on SQLite and PostgreSQL."
