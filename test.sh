#!/usr/bin/env bash
# The README's test command: installs and starts what the tests drive for real, then runs every test project of the
# solution, the database suite and the host's integration tests again on a real PostgreSQL server, and prints a plain
# summary line. Runs on a fresh Debian 12 machine with the .NET SDK, node/npm and PostgreSQL 15 installed (not running).
set -euo pipefail
cd "$(dirname "$0")"

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

# Root installs directly; a developer's account goes through sudo.
as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

log=$(mktemp)
trap 'rm -f "$log"' EXIT

# Debian's packages the tests drive for real: Chromium for the browser tests (Playwright launches
# /usr/bin/chromium, never a downloaded browser) and poppler-utils (pdfsig, pdftotext) for the documents.
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v pdfsig >/dev/null 2>&1 || need+=(poppler-utils)
if [ ${#need[@]} -gt 0 ]; then
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

# maildev, the real SMTP server of the host's email tests, pinned by tests/maildev/package-lock.json
# (the tests install it themselves on first use; installing it here keeps a registry failure out of a test).
(cd tests/maildev && npm ci --no-audit --no-fund --loglevel=error >/dev/null)

# PostgreSQL 15 is installed but not running on a fresh machine: start it and create the test role.
postgres=$(as_root bash .ci/postgres.sh)

set +e
# 1. Every test project (the database suite and the host on SQLite).
dotnet test Sicantik.sln 2>&1 | tee -a "$log"
status=${PIPESTATUS[0]}
# 2. The engine's suite and the database tests again, on PostgreSQL.
SICANTIK_TEST_DATABASE=postgresql SICANTIK_TEST_POSTGRES="$postgres" \
  dotnet test tests/Sicantik.Data.Tests --no-build 2>&1 | tee -a "$log"
pg_status=${PIPESTATUS[0]}
# 3. The host's integration tests again, on PostgreSQL.
SICANTIK_TEST_DATABASE=postgresql SICANTIK_TEST_POSTGRES="$postgres" \
  dotnet test tests/Sicantik.Web.Tests --no-build 2>&1 | tee -a "$log"
web_pg_status=${PIPESTATUS[0]}
set -e

# dotnet test prints one "Passed!/Failed! - Failed: N, Passed: N, Skipped: N" line per test run.
passed=$(grep -Eo 'Passed: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
failed=$(grep -Eo 'Failed: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
skipped=$(grep -Eo 'Skipped: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
echo "total: ${passed} passed, ${failed} failed, ${skipped} skipped"

for s in "$status" "$pg_status" "$web_pg_status"; do
  if [ "$s" -ne 0 ]; then
    exit "$s"
  fi
done
if [ "$passed" -eq 0 ]; then
  echo "no test ran" >&2
  exit 1
fi
