# Drops commands on oauth_* tables (Ordo's caller check, cached per instance for 30 s, not part of the request's own
# work), then the connection checkouts that were left empty ("-- @open" right before "-- @close").
/^-- @/ { items[++n] = $0 "\n"; next }
{ items[n] = items[n] $0 "\n" }
END {
  for (i = 1; i <= n; i++) {
    if (items[i] ~ /^-- @command/ && items[i] ~ /oauth_/) continue
    kept[++m] = items[i]
  }
  for (i = 1; i <= m; i++) {
    if (kept[i] == "-- @open\n" && i < m && kept[i + 1] == "-- @close\n") { i++; continue }
    printf "%s", kept[i]
  }
}
