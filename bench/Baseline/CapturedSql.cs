using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using Npgsql;

namespace Ordo.Bench.Baseline;

public enum ReplayStepKind
{
    Open,
    Close,
    Begin,
    Savepoint,
    Release,
    Commit,
    Rollback,
    Command,
}

/// <summary>
/// Where a parameter goes: <see cref="Table"/> and <see cref="Column"/> of an INSERT value, an UPDATE's SET or a
/// comparison in a WHERE (<see cref="InWhere"/>); <see cref="Index"/> counts earlier statements on the same table in
/// the same command (the k-th of three INSERTs into order_lines).
/// </summary>
public sealed record ParameterSlot(string Name, string Table, string Column, int Index, bool InWhere, string Verb)
{
    public bool IsSelect => Verb == "SELECT";

    public bool IsInsert => Verb == "INSERT";
}

public sealed record ReplayStep(ReplayStepKind Kind, string Sql = "", string MainTable = "", IReadOnlyList<ParameterSlot>? Slots = null)
{
    /// <summary>
    /// One step per result set the command returns, each naming its own statement and table: a batch of SELECTs (GET
    /// order reads the order and its children in one) gives several; a single statement gives itself.
    /// </summary>
    public IReadOnlyList<ReplayStep> Results { get; init; } = [];

    /// <summary>SQL statements this step sends (an EF batch is one command of several statements; markers are one each).</summary>
    public int Statements { get; } = Kind switch
    {
        ReplayStepKind.Command => Sql.Split(";\n", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Length,
        ReplayStepKind.Open or ReplayStepKind.Close => 0,
        _ => 1,
    };
}

/// <summary>
/// SQL statements per request, for bench/run (GET /bench/statements answers "statements requests"): each API request
/// counts what it sends and adds it when it completes, so requests still in flight when wrk stops don't skew the ratio.
/// </summary>
public static class StatementCounter
{
    private static readonly AsyncLocal<StrongBox<int>?> Current = new();
    private static long _statements;
    private static long _requests;

    public static string Totals => $"{Interlocked.Read(ref _statements)} {Interlocked.Read(ref _requests)}";

    public static void Add(int statements)
    {
        if (Current.Value is { } box)
        {
            box.Value += statements;
        }
    }

    public static async Task CountAsync(HttpContext http, Func<Task> next)
    {
        if (!http.Request.Path.StartsWithSegments("/api", StringComparison.Ordinal))
        {
            await next();
            return;
        }

        var box = new StrongBox<int>();
        Current.Value = box;
        await next();
        Interlocked.Add(ref _statements, box.Value);
        Interlocked.Increment(ref _requests);
    }
}

/// <summary>
/// One request's database conversation as Ordo had it, read from bench/Baseline/sql/NAME.sql (written by
/// bench/capture-sql from Ordo's EF Core command log): connection checkouts, transaction markers and command texts.
/// The same-SQL baseline replays it step by step with its own parameter values.
/// </summary>
public sealed partial class CapturedSql
{
    private CapturedSql(string name, IReadOnlyList<ReplayStep> steps)
    {
        Name = name;
        Steps = steps;
    }

    public string Name { get; }

    public IReadOnlyList<ReplayStep> Steps { get; }

    public static CapturedSql Load(string directory, string name)
    {
        var path = Path.Combine(directory, name + ".sql");
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"No captured SQL for '{name}' at {path}; run bench/capture-sql.", path);
        }

        var steps = new List<ReplayStep>();
        string? pending = null;
        var text = new List<string>();
        void Flush()
        {
            if (pending is not null)
            {
                var sql = string.Join('\n', text).Trim();
                var statements = sql.Split(";\n", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                steps.Add(new ReplayStep(ReplayStepKind.Command, sql, MainTableOf(sql), SlotsOf(sql))
                {
                    Results = statements.Length == 1 ? [] : [.. statements
                        .Where(statement => statement.StartsWith("SELECT", StringComparison.OrdinalIgnoreCase) || statement.Contains("RETURNING", StringComparison.Ordinal))
                        .Select(statement => new ReplayStep(ReplayStepKind.Command, statement, MainTableOf(statement)))],
                });
            }

            pending = null;
            text.Clear();
        }

        foreach (var line in File.ReadLines(path))
        {
            if (line.StartsWith("-- @", StringComparison.Ordinal))
            {
                Flush();
                var marker = line[4..].Split(' ', 2)[0];
                if (marker == "command")
                {
                    pending = line;
                    continue;
                }

                steps.Add(new ReplayStep(marker switch
                {
                    "open" => ReplayStepKind.Open,
                    "close" => ReplayStepKind.Close,
                    "begin" => ReplayStepKind.Begin,
                    "savepoint" => ReplayStepKind.Savepoint,
                    "release" => ReplayStepKind.Release,
                    "commit" => ReplayStepKind.Commit,
                    "rollback" => ReplayStepKind.Rollback,
                    _ => throw new FormatException($"{path}: unknown marker '{line}'"),
                }));
            }
            else if (pending is not null)
            {
                text.Add(line);
            }
        }

        Flush();
        return new CapturedSql(name, steps);
    }

    /// <summary>The table whose columns a SELECT reads first (by the alias of its first column), or the table written.</summary>
    private static string MainTableOf(string sql)
    {
        var write = WriteTarget().Match(sql);
        if (write.Success)
        {
            return write.Groups[1].Value;
        }

        var first = FirstColumnAlias().Match(sql);
        if (first.Success)
        {
            var alias = first.Groups[1].Value;
            var table = Regex.Match(sql, $@"\b(\w+) AS {alias}\b");
            if (table.Success)
            {
                return table.Groups[1].Value;
            }
        }

        var from = FromTable().Match(sql);
        return from.Success ? from.Groups[1].Value : "";
    }

    /// <summary>Where each parameter of a (possibly multi-statement) command goes; see <see cref="ParameterSlot"/>.</summary>
    private static List<ParameterSlot> SlotsOf(string sql)
    {
        var slots = new List<ParameterSlot>();
        var perTable = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var statement in sql.Split(";\n", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var table = MainTableOf(statement);
            var index = perTable.GetValueOrDefault(table);
            perTable[table] = index + 1;
            var insert = InsertShape().Match(statement);
            if (insert.Success)
            {
                var columns = insert.Groups[2].Value.Split(',', StringSplitOptions.TrimEntries);
                var values = insert.Groups[3].Value.Split(',', StringSplitOptions.TrimEntries);
                for (var i = 0; i < columns.Length; i++)
                {
                    slots.Add(new ParameterSlot(values[i].TrimStart('@'), table, columns[i], index, InWhere: false, "INSERT"));
                }

                continue;
            }

            var whereAt = statement.IndexOf("WHERE", StringComparison.Ordinal);
            var verb = statement.TrimStart().Split(' ', 2)[0].ToUpperInvariant();
            var aliases = AliasOf().Matches(statement).Select(m => (Table: m.Groups[1].Value, Alias: m.Groups[2].Value)).ToList();
            foreach (Match comparison in Comparison().Matches(statement))
            {
                var name = comparison.Groups[3].Value;
                if (slots.Any(s => s.Name == name))
                {
                    continue;
                }

                var alias = comparison.Groups[1].Value;
                var owner = aliases.FirstOrDefault(a => a.Alias == alias).Table ?? table;
                var inWhere = statement.StartsWith("UPDATE", StringComparison.Ordinal) ? comparison.Index > whereAt : true;
                slots.Add(new ParameterSlot(name, owner, comparison.Groups[2].Value, index, inWhere, verb));
            }

            // A row-value comparison, e.g. a keyset predicate (o.created_at, o.id) < (@at, @id).
            foreach (Match rows in RowComparison().Matches(statement))
            {
                var columns = rows.Groups[1].Value.Split(',', StringSplitOptions.TrimEntries);
                var values = rows.Groups[2].Value.Split(',', StringSplitOptions.TrimEntries);
                for (var i = 0; i < Math.Min(columns.Length, values.Length); i++)
                {
                    var name = values[i].TrimStart('@');
                    if (values[i].StartsWith('@') && !slots.Any(s => s.Name == name))
                    {
                        var column = columns[i].Split('.');
                        var owner = column.Length == 2 ? aliases.FirstOrDefault(a => a.Alias == column[0]).Table ?? table : table;
                        slots.Add(new ParameterSlot(name, owner, column[^1], index, InWhere: true, verb));
                    }
                }
            }

            foreach (Match limit in Limit().Matches(statement))
            {
                slots.Add(new ParameterSlot(limit.Groups[1].Value, table, "limit", index, InWhere: true, verb));
            }
        }

        // Anything else keeps its own name as the column, so a handler can still bind it (or fail naming it).
        foreach (Match parameter in AnyParameter().Matches(sql))
        {
            var name = parameter.Groups[1].Value;
            if (!slots.Any(s => s.Name == name))
            {
                slots.Add(new ParameterSlot(name, MainTableOf(sql), name, 0, InWhere: true, sql.TrimStart().Split(' ', 2)[0].ToUpperInvariant()));
            }
        }

        return slots;
    }

    [GeneratedRegex(@"^\s*(?:INSERT INTO|UPDATE) (\w+)")]
    private static partial Regex WriteTarget();

    [GeneratedRegex(@"^\s*SELECT (\w+)\.")]
    private static partial Regex FirstColumnAlias();

    [GeneratedRegex(@"\bFROM (\w+)")]
    private static partial Regex FromTable();

    [GeneratedRegex(@"\b(\w+) AS (\w+)\b")]
    private static partial Regex AliasOf();

    [GeneratedRegex(@"^\s*INSERT INTO (\w+) \(([^)]*)\)\s*VALUES \(([^)]*)\)", RegexOptions.Singleline)]
    private static partial Regex InsertShape();

    [GeneratedRegex(@"(?:(\w+)\.)?(\w+) (?:=|<|>|<=|>=) (?:ANY ?\()?@(\w+)")]
    private static partial Regex Comparison();

    [GeneratedRegex(@"LIMIT @(\w+)")]
    private static partial Regex Limit();

    [GeneratedRegex(@"\(([\w.]+(?:, [\w.]+)+)\) (?:=|<|>|<=|>=) \(([@\w]+(?:, [@\w]+)+)\)")]
    private static partial Regex RowComparison();

    [GeneratedRegex(@"@(\w+)")]
    private static partial Regex AnyParameter();
}

/// <summary>Runs a <see cref="CapturedSql"/> on fresh pooled connections, as Ordo's DbContext did.</summary>
public sealed class Replay(NpgsqlDataSource dataSource)
{
    /// <summary>
    /// Replays the steps. <paramref name="value"/> gives each parameter's value (null for SQL NULL);
    /// <paramref name="rows"/> receives each row of each command with the step of the statement that returned it; <paramref name="skip"/>
    /// may leave out a command Ordo only sends when there is something to read (EF skips a nested collection's query
    /// when the parent collection came back empty).
    /// </summary>
    public async Task RunAsync(
        CapturedSql captured,
        Func<ParameterSlot, object?> value,
        Action<ReplayStep, NpgsqlDataReader>? rows = null,
        Func<ReplayStep, bool>? skip = null,
        CancellationToken cancellationToken = default)
    {
        NpgsqlConnection? connection = null;
        NpgsqlTransaction? transaction = null;
        try
        {
            foreach (var step in captured.Steps)
            {
                if (step.Kind != ReplayStepKind.Command || skip?.Invoke(step) != true)
                {
                    StatementCounter.Add(step.Statements);
                }

                switch (step.Kind)
                {
                    case ReplayStepKind.Open:
                        connection = await dataSource.OpenConnectionAsync(cancellationToken);
                        break;
                    case ReplayStepKind.Close:
                        if (connection is not null)
                        {
                            await connection.DisposeAsync();
                        }

                        connection = null;
                        break;
                    case ReplayStepKind.Begin:
                        transaction = await connection!.BeginTransactionAsync(cancellationToken);
                        break;
                    case ReplayStepKind.Savepoint:
                        await transaction!.SaveAsync("__EFSavePoint", cancellationToken);
                        break;
                    case ReplayStepKind.Release:
                        await transaction!.ReleaseAsync("__EFSavePoint", cancellationToken);
                        break;
                    case ReplayStepKind.Commit:
                        await transaction!.CommitAsync(cancellationToken);
                        await transaction.DisposeAsync();
                        transaction = null;
                        break;
                    case ReplayStepKind.Rollback:
                        await transaction!.RollbackAsync(cancellationToken);
                        await transaction.DisposeAsync();
                        transaction = null;
                        break;
                    case ReplayStepKind.Command when skip?.Invoke(step) != true:
                        await using (var command = new NpgsqlCommand(step.Sql, connection, transaction))
                        {
                            foreach (var slot in step.Slots!)
                            {
                                command.Parameters.Add(new NpgsqlParameter(slot.Name, value(slot) ?? DBNull.Value));
                            }

                            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                            var result = 0;
                            do
                            {
                                var of = result < step.Results.Count ? step.Results[result] : step;
                                while (await reader.ReadAsync(cancellationToken))
                                {
                                    rows?.Invoke(of, reader);
                                }

                                result++;
                            }
                            while (await reader.NextResultAsync(cancellationToken));
                        }

                        break;
                }
            }
        }
        finally
        {
            if (transaction is not null)
            {
                await transaction.DisposeAsync();
            }

            if (connection is not null)
            {
                await connection.DisposeAsync();
            }
        }
    }
}
