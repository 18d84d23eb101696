# shellcheck shell=bash
# Ordo's list cursors, crafted from the database (sourced by bench/run and bench/capture-sql; needs sql()).

# A cursor as Ordo encodes it (src/Ordo.Api/Http/Paging.cs): base64url of {"scope":…,"keys":[…]} with
# the first 16 hex digits of SHA-256 of "orders|sort=…" as scope, a dot, and base64url of its SHA-256's first 12 bytes.
b64url() { base64 -w0 | tr '+/' '-_' | tr -d '='; }
cursor() { # SORT KEY ID [STATUS]: the scope lists the filters before the sort, as Ordo's ListQuery reads them
  local scope payload
  scope=$(printf '%s' "orders${4:+|status=$4}|sort=$1" | sha256sum | cut -c1-16)
  payload="{\"scope\":\"$scope\",\"keys\":[\"$2\",\"$3\"]}"
  printf '%s.%s' "$(printf '%s' "$payload" | b64url)" "$(printf '%s' "$payload" | openssl dgst -sha256 -binary | head -c 12 | b64url)"
}

# The cursor after the row at OFFSET in the list sorted by SORT, optionally filtered by one STATUS (keys as Ordo writes
# them: .NET ticks or minor units).
cursor_at() { # SORT OFFSET [STATUS]
  local key order row filter=""
  [[ -z "${3:-}" ]] || filter="WHERE status = '${3}' "
  case "$1" in
    -createdAt) key="(extract(epoch from created_at)*1000000)::bigint*10 + 621355968000000000"; order="created_at DESC, id DESC" ;;
    createdAt) key="(extract(epoch from created_at)*1000000)::bigint*10 + 621355968000000000"; order="created_at, id" ;;
    total) key="total_amount"; order="total_amount, id" ;;
    -total) key="total_amount"; order="total_amount DESC, id DESC" ;;
  esac
  row=$(sql "SELECT $key || ' ' || id FROM orders ${filter}ORDER BY $order OFFSET $2 LIMIT 1")
  cursor "$1" "${row% *}" "${row#* }" "${3:-}"
}
