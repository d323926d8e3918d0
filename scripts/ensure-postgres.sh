#!/usr/bin/env bash
# Makes sure a PostgreSQL server answers on 127.0.0.1:5432 with trust auth for user postgres,
# as the tests expect. Starts the local cluster if it is installed but down; installs
# PostgreSQL from the distribution's packages if it is absent (Debian/Ubuntu, as root).
set -euo pipefail

ready() { pg_isready -h 127.0.0.1 -p 5432 -q 2>/dev/null; }

if command -v pg_isready >/dev/null && ready; then
  exit 0
fi

if ! ls /etc/postgresql/*/main >/dev/null 2>&1; then
  echo "ensure-postgres: installing PostgreSQL with apt"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq postgresql >/dev/null
  version=$(ls /etc/postgresql | sort -V | tail -1)
  hba=/etc/postgresql/$version/main/pg_hba.conf
  # Local development only: trust connections from this machine, like the CI images do.
  sed -i -E 's/^(local|host)(\s+.*\s+)(peer|md5|scram-sha-256)$/\1\2trust/' "$hba"
  grep -q "listen_addresses = '127.0.0.1'" "/etc/postgresql/$version/main/postgresql.conf" ||
    echo "listen_addresses = '127.0.0.1'" >> "/etc/postgresql/$version/main/postgresql.conf"
fi

version=$(ls /etc/postgresql | sort -V | tail -1)
echo "ensure-postgres: starting cluster $version/main"
pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
for _ in $(seq 1 30); do
  ready && exit 0
  sleep 1
done
echo "ensure-postgres: PostgreSQL did not come up on 127.0.0.1:5432" >&2
exit 1
