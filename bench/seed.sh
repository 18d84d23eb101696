#!/usr/bin/env bash
# Seed throughput on PostgreSQL: builds the service in Release, then for each run creates a fresh database, runs
# `seed` against it (which migrates first), prints the seed's summary line and drops the database.
#
#   ORDO_BENCH_POSTGRES="Host=127.0.0.1;Port=5432;Username=ordo_test;Password=ordo_test;Database=postgres" bench/seed.sh
#
# The role needs CREATEDB. Sizes and repetitions: ORDERS (100000), PRODUCTS (1000), CUSTOMERS (10000), RUNS (3).
# Needs psql for CREATE/DROP DATABASE.
set -euo pipefail

: "${ORDO_BENCH_POSTGRES:?set ORDO_BENCH_POSTGRES to an Npgsql connection string of a role that may CREATE DATABASE}"
orders=${ORDERS:-100000}
products=${PRODUCTS:-1000}
customers=${CUSTOMERS:-10000}
runs=${RUNS:-3}
root=$(cd "$(dirname "$0")/.." && pwd)
out=$(mktemp -d)
database=""

# Npgsql "Key=Value;..." → libpq keywords for psql.
conninfo() {
  local result="" pair key value
  IFS=';' read -ra pairs <<<"$1"
  for pair in "${pairs[@]}"; do
    [[ -z "$pair" ]] && continue
    key=$(tr '[:upper:]' '[:lower:]' <<<"${pair%%=*}" | tr -d ' ')
    value=${pair#*=}
    case "$key" in
      host|server) result+=" host='$value'" ;;
      port) result+=" port='$value'" ;;
      username|user|userid|"user id") result+=" user='$value'" ;;
      password) result+=" password='$value'" ;;
      database|db) result+=" dbname='$value'" ;;
    esac
  done
  echo "$result"
}

admin=$(conninfo "$ORDO_BENCH_POSTGRES")
cleanup() {
  if [[ -n "$database" ]]; then
    psql "$admin" -qtAc "DROP DATABASE IF EXISTS \"$database\" WITH (FORCE)" >/dev/null || true
  fi
  rm -rf "$out"
}
trap cleanup EXIT

echo "Building Release…" >&2
dotnet build "$root/src/Ordo.Api" -c Release -o "$out" --nologo -v quiet >/dev/null

echo "PostgreSQL: $(psql "$admin" -qtAc 'SHOW server_version') · $(nproc) cores · load average $(cut -d' ' -f1-3 /proc/loadavg)" >&2
echo "Sizes: $products products, $customers customers, $orders orders; $runs run(s)" >&2
for run in $(seq 1 "$runs"); do
  database="ordo_bench_seed_$$_$run"
  psql "$admin" -qtAc "CREATE DATABASE \"$database\"" >/dev/null
  # Production settings with throw-away PII keys: the data is deleted right after.
  (
    cd "$out"
    ASPNETCORE_ENVIRONMENT=Production \
    Database__Provider=Postgres \
    Auth__Issuer=http://127.0.0.1/ \
    ConnectionStrings__Ordo="${ORDO_BENCH_POSTGRES%;};Database=$database" \
    Pii__ActiveKeyId=bench \
    Pii__Keys__bench="$(head -c 32 /dev/urandom | base64)" \
    Pii__BlindIndexKey="$(head -c 32 /dev/urandom | base64)" \
    dotnet Ordo.Api.dll seed --products "$products" --customers "$customers" --orders "$orders" 2>/dev/null | grep '^Seeded'
  )
  psql "$admin" -qtAc "DROP DATABASE \"$database\" WITH (FORCE)" >/dev/null
  database=""
done
