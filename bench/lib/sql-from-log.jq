# Turns Ordo's JSON console log into the replay script of one request (bench/Baseline/sql/*.sql).
# Input: the log lines (jq -c per line) of Microsoft.EntityFrameworkCore.Database.{Command,Connection,Transaction}
# that carry the request id $rid. Output: markers the baseline replays ("-- @open", "-- @begin", ...) and each
# command's text after a "-- @command" line naming its parameters as EF logged them.
select(.Scopes | any(.RequestId? == $rid))
| if .Category == "Microsoft.EntityFrameworkCore.Database.Command" and (.EventId == 20101) then
    "-- @command " + (.State.parameters // "") + "\n" + .State.commandText
  elif .Category == "Microsoft.EntityFrameworkCore.Database.Connection" and (.Message | startswith("Opened connection")) then "-- @open"
  elif .Category == "Microsoft.EntityFrameworkCore.Database.Connection" and (.Message | startswith("Closed connection")) then "-- @close"
  elif .Category == "Microsoft.EntityFrameworkCore.Database.Transaction" and (.Message | startswith("Began transaction")) then "-- @begin"
  elif .Category == "Microsoft.EntityFrameworkCore.Database.Transaction" and (.Message | startswith("Created transaction savepoint")) then "-- @savepoint"
  elif .Category == "Microsoft.EntityFrameworkCore.Database.Transaction" and (.Message | startswith("Released transaction savepoint")) then "-- @release"
  elif .Category == "Microsoft.EntityFrameworkCore.Database.Transaction" and (.Message | startswith("Committed transaction")) then "-- @commit"
  elif .Category == "Microsoft.EntityFrameworkCore.Database.Transaction" and (.Message | startswith("Rolled back transaction")) then "-- @rollback"
  else empty end
