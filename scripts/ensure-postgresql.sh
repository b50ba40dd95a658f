#!/bin/sh
# A Debian-packaged PostgreSQL for the catalogue, to prove "any PostgreSQL 15+" (CI runs the
# suite against it through DATABASE_URL). Prints that DATABASE_URL on stdout, and nothing else.
#
# As root on Debian/Ubuntu: installs the `postgresql` package when missing (it brings the
# contrib extensions the migrations create: pg_trgm, unaccent, btree_gin); creates a cluster of
# its own, `efus`, on the first free port from 5432, and starts it; creates the role `efus`
# (LOGIN, CREATEDB: pytest-django creates test_efus) and the database `efus` owned by it.
# Idempotent: a second run starts the cluster if it is down and changes nothing else.
# Any failure stops it with a message and a non-zero exit: CI must not fall back silently.
set -eu

CLUSTER=efus
ROLE=efus
DATABASE=efus
PASSWORD=efus  # the cluster listens on localhost only

say() { echo "ensure-postgresql: $*" >&2; }
fail() {
  say "$*"
  exit 1
}

[ "$(id -u)" = "0" ] || fail "run as root (it installs a package and manages a cluster), or set DATABASE_URL to a PostgreSQL 15+ of your own."

if ! command -v pg_createcluster >/dev/null 2>&1; then
  command -v apt-get >/dev/null 2>&1 || fail "no pg_createcluster and no apt-get: this script needs Debian or Ubuntu."
  say "installing Debian's postgresql package..."
  apt-get update -qq >&2 || fail "apt-get update failed."
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null \
    || fail "apt-get install postgresql failed."
fi

# The newest installed major version.
VERSION=$(ls /usr/lib/postgresql | sort -n | tail -n 1)
[ -n "$VERSION" ] && [ -x "/usr/lib/postgresql/$VERSION/bin/postgres" ] \
  || fail "no PostgreSQL server under /usr/lib/postgresql."
[ "$VERSION" -ge 15 ] || fail "PostgreSQL $VERSION is installed; the catalogue needs 15 or newer."

if ! pg_lsclusters -h "$VERSION" "$CLUSTER" >/dev/null 2>&1; then
  say "creating cluster $VERSION/$CLUSTER..."
  # No -p: pg_createcluster takes the first free port from 5432 on.
  pg_createcluster "$VERSION" "$CLUSTER" -- --auth-local=peer --auth-host=scram-sha-256 >&2 \
    || fail "pg_createcluster $VERSION $CLUSTER failed."
fi
# pg_lsclusters -h: version, cluster, port, status, owner, data directory, log file.
set -- $(pg_lsclusters -h "$VERSION" "$CLUSTER")
PORT=$3
LOG=$7
case "$4" in
  online*) ;;
  *)
    say "starting cluster $VERSION/$CLUSTER on port $PORT..."
    pg_ctlcluster "$VERSION" "$CLUSTER" start >&2 || {
      tail -n 20 "$LOG" >&2 2>/dev/null || true
      fail "PostgreSQL $VERSION/$CLUSTER did not start (log: $LOG)."
    }
    ;;
esac

psql_admin() {
  su postgres -s /bin/sh -c "psql -X -q -v ON_ERROR_STOP=1 -p $PORT -d postgres -tA" || fail "psql as postgres on port $PORT failed."
}

psql_admin >&2 <<SQL
SELECT format('CREATE ROLE %I LOGIN CREATEDB', '$ROLE')
  WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$ROLE') \gexec
ALTER ROLE "$ROLE" LOGIN CREATEDB PASSWORD '$PASSWORD';
SELECT format('CREATE DATABASE %I OWNER %I', '$DATABASE', '$ROLE')
  WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = '$DATABASE') \gexec
SQL

SERVER=$(echo "SHOW server_version" | psql_admin)
say "PostgreSQL $SERVER, cluster $VERSION/$CLUSTER, port $PORT."
echo "postgres://$ROLE:$PASSWORD@127.0.0.1:$PORT/$DATABASE"
