#!/usr/bin/env bash
# Starts the machine's PostgreSQL 15 (installed but not running on a fresh machine), creates the test role, and
# prints the connection string the tests read from SICANTIK_TEST_POSTGRES.
set -euo pipefail
version=15
if ! command -v pg_ctlcluster >/dev/null; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
fi
if ! pg_lsclusters -h | grep -q "^$version main"; then
  pg_createcluster "$version" main >/dev/null
fi
pg_ctlcluster "$version" main start >/dev/null 2>&1 || true
for _ in $(seq 1 30); do
  pg_isready -q -h 127.0.0.1 -p 5432 && break
  sleep 1
done
pg_isready -q -h 127.0.0.1 -p 5432
su postgres -c "psql -q -v ON_ERROR_STOP=1 -c \"DO \\\$\\\$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'sicantik') THEN CREATE ROLE sicantik LOGIN CREATEDB PASSWORD 'sicantik'; END IF; END \\\$\\\$;\"" >/dev/null
# Dropping a test database WITH (FORCE) may have to end an autovacuum worker on it.
su postgres -c "psql -q -v ON_ERROR_STOP=1 -c 'GRANT pg_signal_backend TO sicantik;'" >/dev/null
# The tests and the benchmark run on the same machine as the server, so they connect through its Unix socket, as a
# same-machine deployment would: no TCP and no TLS (Debian's cluster has ssl = on, which Npgsql uses over TCP). About
# 15-25% more steps per second than TCP with TLS (bench/README.md). Peer authentication is for the postgres user only;
# the sicantik role logs in with its password on the socket too.
hba=$(su postgres -c "psql -tA -c 'SHOW hba_file;'")
if ! grep -Eq '^local[[:space:]]+all[[:space:]]+sicantik[[:space:]]' "$hba"; then
  sed -i '0,/^local[[:space:]]/s//local   all             sicantik                                scram-sha-256\n&/' "$hba"
  su postgres -c "psql -q -c 'SELECT pg_reload_conf();'" >/dev/null
fi
socket=$(su postgres -c "psql -tA -c 'SHOW unix_socket_directories;'" | cut -d, -f1)
echo "Host=$socket;Port=5432;Username=sicantik;Password=sicantik;Database=postgres;Pooling=true;Maximum Pool Size=60"
