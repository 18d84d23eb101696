# bench/run's results.tsv (scenario, app, run, req_s, p50_ms, p99_ms, non2xx, socket_errors, requests, peak_rss_mib,
# statements_per_request, note) → the Markdown tables of docs/performance.md: medians per scenario and app, ratios of
# Ordo to each baseline, then the issue's targets that these figures decide (bench/run appends the other targets).
# Variables: depth (rows above the deep cursors), open_depth (the same in the list of open orders).

function median(key,    n, i, j, t, v) {
  n = split(values[key], v, " ")
  for (i = 2; i <= n; i++) { t = v[i] + 0; for (j = i - 1; j >= 1 && v[j] + 0 > t; j--) v[j + 1] = v[j]; v[j + 1] = t }
  if (n == 0) return ""
  return n % 2 ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2
}
function add(key, value) { values[key] = (key in values ? values[key] " " : "") value }
function fmt(x) { return x == "" ? "–" : (x >= 100 ? sprintf("%.0f", x) : sprintf("%.1f", x)) }
function ratio(a, b) { return (a == "" || b == "" || b + 0 == 0) ? "–" : sprintf("%.2f", a / b) }
function trio(metric, s,    o, m, i) {
  o = median(s SUBSEP "ordo" SUBSEP metric); m = median(s SUBSEP "same-sql" SUBSEP metric); i = median(s SUBSEP "ideal" SUBSEP metric)
  return fmt(o) " · " fmt(m) " · " fmt(i)
}
function ratios(s, metric,    o) {
  o = median(s SUBSEP "ordo" SUBSEP metric)
  return ratio(o, median(s SUBSEP "same-sql" SUBSEP metric)) " · " ratio(o, median(s SUBSEP "ideal" SUBSEP metric))
}
function number(x) { gsub(/[^0-9.]/, "", x); return x }
function label(s) {
  if (s == "order-get") return "GET order by id"
  if (s == "orders-first") return "order list, first page"
  if (s == "orders-deep") return "order list after row " depth " (default `-createdAt`)"
  if (s == "orders-deep-oldest") return "… `sort=createdAt`, after row " depth
  if (s == "orders-deep-total-asc") return "… `sort=total`, after row " depth
  if (s == "orders-deep-total-desc") return "… `sort=-total`, after row " depth
  if (s == "orders-open-first") return "order list `status=open`, first page"
  if (s == "orders-open-deep") return "order list `status=open` after row " open_depth
  if (s == "product-get") return "GET product by id"
  if (s == "order-place") return "place order, 3 lines"
  if (s == "order-chain") return "pay → ship → deliver (per request)"
  return s
}

NR == 1 { next }
{
  s = $1; a = $2
  if (!(s in seen)) { seen[s] = 1; order[++scenarios] = s }
  add(s SUBSEP a SUBSEP "rps", $4); add(s SUBSEP a SUBSEP "p50", $5); add(s SUBSEP a SUBSEP "p99", $6)
  errors[s SUBSEP a] += $7 + $8
  if ($10 + 0 > rss[s SUBSEP a] + 0) rss[s SUBSEP a] = $10
  statements[s SUBSEP a] = $11
}
END {
  print "| scenario | req/s O · S · I | p50 ms O · S · I | p99 ms O · S · I | errors O · S · I | peak RSS MiB O · S · I | statements/request O · S · I |"
  print "|---|---|---|---|---|---|---|"
  for (k = 1; k <= scenarios; k++) {
    s = order[k]
    printf "| %s | %s | %s | %s | %d · %d · %d | %s · %s · %s | %s · %s · %s |\n", label(s), trio("rps", s), trio("p50", s), trio("p99", s),
      errors[s SUBSEP "ordo"], errors[s SUBSEP "same-sql"], errors[s SUBSEP "ideal"],
      rss[s SUBSEP "ordo"] + 0, rss[s SUBSEP "same-sql"] + 0, rss[s SUBSEP "ideal"] + 0,
      statements[s SUBSEP "ordo"], statements[s SUBSEP "same-sql"], statements[s SUBSEP "ideal"]
  }
  print ""
  print "O = Ordo, S = same-SQL baseline, I = ideal baseline. Ordo's figures as ratios to the baselines (÷ S · ÷ I; above 1 means Ordo has more of it):"
  print ""
  print "| scenario | req/s | p50 | p99 | peak RSS | statements/request |"
  print "|---|---|---|---|---|---|"
  for (k = 1; k <= scenarios; k++) {
    s = order[k]
    printf "| %s | %s | %s | %s | %s | %s |\n", label(s), ratios(s, "rps"), ratios(s, "p50"), ratios(s, "p99"),
      ratio(rss[s SUBSEP "ordo"], rss[s SUBSEP "same-sql"]) " · " ratio(rss[s SUBSEP "ordo"], rss[s SUBSEP "ideal"]),
      ratio(number(statements[s SUBSEP "ordo"]), number(statements[s SUBSEP "same-sql"])) " · " ratio(number(statements[s SUBSEP "ordo"]), number(statements[s SUBSEP "ideal"]))
  }
  print ""
  print "Errors are non-2xx answers plus socket errors (timeouts included) over all runs."
  print ""
  print "| target (issue 11) | measured | met |"
  print "|---|---|---|"
  if ("order-get" in seen) {
    r = ratio(median("order-get" SUBSEP "ordo" SUBSEP "rps"), median("order-get" SUBSEP "ideal" SUBSEP "rps"))
    printf "| GET order by id ≥ 0.7× the ideal baseline's throughput | %s× | %s |\n", r, (r != "–" && r + 0 >= 0.7) ? "yes" : "no"
  }
  first = median("orders-first" SUBSEP "ordo" SUBSEP "p99")
  for (k = 1; k <= scenarios; k++) {
    s = order[k]
    if (s !~ /^orders-deep/ || first == "") continue
    deep = median(s SUBSEP "ordo" SUBSEP "p99")
    r = ratio(deep, first)
    printf "| %s: p99 ≤ 1.2× the first page's p99 | %s ms vs %s ms: %s× | %s |\n", label(s), fmt(deep), fmt(first), r, (r != "–" && r + 0 <= 1.2) ? "yes" : "no"
  }
  open_first = median("orders-open-first" SUBSEP "ordo" SUBSEP "p99")
  if ("orders-open-deep" in seen && open_first != "") {
    deep = median("orders-open-deep" SUBSEP "ordo" SUBSEP "p99")
    r = ratio(deep, open_first)
    printf "| %s: p99 ≤ 1.2× its first page's p99 | %s ms vs %s ms: %s× | %s |\n", label("orders-open-deep"), fmt(deep), fmt(open_first), r, (r != "–" && r + 0 <= 1.2) ? "yes" : "no"
  }
  if ("order-place" in seen) {
    r = ratio(median("order-place" SUBSEP "ordo" SUBSEP "rps"), median("order-place" SUBSEP "ideal" SUBSEP "rps"))
    p99 = median("order-place" SUBSEP "ordo" SUBSEP "p99")
    printf "| place order ≥ 0.7× the ideal (fewest round trips) transaction | %s× | %s |\n", r, (r != "–" && r + 0 >= 0.7) ? "yes" : "no"
    printf "| place order p99 ≤ 50 ms at 32 connections, 0 errors | %s ms, %d errors | %s |\n", fmt(p99), errors["order-place" SUBSEP "ordo"],
      (p99 + 0 <= 50 && errors["order-place" SUBSEP "ordo"] == 0) ? "yes" : "no"
  }
}
