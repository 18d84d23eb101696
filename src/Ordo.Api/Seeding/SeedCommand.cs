using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Options;
using Ordo.Api.Infrastructure.Persistence;

namespace Ordo.Api.Seeding;

/// <summary>
/// <c>Ordo.Api seed [--products N] [--customers N] [--orders N] [--seed N]</c>: migrates, then fills an empty database
/// with demo data and prints one summary line. Exit codes: 0 done, 1 the database is not empty, 64 bad arguments.
/// </summary>
public static class SeedCommand
{
    public const string Name = "seed";
    public const int UsageExitCode = 64;
    public const int NotEmptyExitCode = 1;

    private const string Usage = "Usage: seed [--products N] [--customers N] [--orders N] [--seed N]";

    // Host options may follow the command too; they configure the host, not the seed.
    private static readonly HashSet<string> HostOptions = new(StringComparer.OrdinalIgnoreCase) { "--environment", "--contentRoot", "--applicationName", "--urls" };

    public static async Task<int> RunAsync(WebApplication app, string[] args)
    {
        ArgumentNullException.ThrowIfNull(app);
        var parsed = Parse(args);
        if (parsed.Error is not null)
        {
            await Console.Error.WriteLineAsync($"seed: {parsed.Error} {Usage}");
            return UsageExitCode;
        }

        app.Services.GetRequiredService<IStartupValidator>().Validate();
        await using (var scope = app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<DatabaseMigrator>().MigrateAsync(CancellationToken.None);
        }

        await using (var scope = app.Services.CreateAsyncScope())
        {
            var progress = ConsoleSeedProgress.ForStandardError();
            var seeded = await scope.ServiceProvider.GetRequiredService<DemoDataSeeder>().SeedAsync(parsed.Sizes!, progress);
            progress?.Finish();
            if (seeded.IsFailure)
            {
                await Console.Error.WriteLineAsync($"seed: {seeded.Error.Message}");
                return NotEmptyExitCode;
            }

            await Console.Out.WriteLineAsync(seeded.Value.ToString());
        }

        return 0;
    }

    /// <summary>Reads the options after the <c>seed</c> word; the sizes, or one line saying what is wrong.</summary>
    internal static (SeedSizes? Sizes, string? Error) Parse(IReadOnlyList<string> args)
    {
        var defaults = SeedSizes.Default;
        var values = new Dictionary<string, int>(StringComparer.Ordinal)
        {
            ["--products"] = defaults.Products,
            ["--customers"] = defaults.Customers,
            ["--orders"] = defaults.Orders,
            ["--seed"] = defaults.RandomSeed,
        };

        var start = CommandIndex(args) + 1;
        for (var i = start; i < args.Count; i++)
        {
            var (option, value) = args[i].Split('=', 2) is [var key, var inline] ? (key, inline) : (args[i], null);
            if (HostOptions.Contains(option) || (option.StartsWith("--", StringComparison.Ordinal) && option.Contains(':', StringComparison.Ordinal)))
            {
                i += value is null ? 1 : 0;
                continue;
            }

            if (!values.ContainsKey(option))
            {
                return (null, $"unknown option '{args[i]}'.");
            }

            if (value is null)
            {
                if (i + 1 >= args.Count)
                {
                    return (null, $"{option} needs a number.");
                }

                value = args[++i];
            }

            if (!int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number)
                || (number < 0 && option != "--seed"))
            {
                return (null, $"{option} must be a whole number of 0 or more, not '{value}'.");
            }

            values[option] = number;
        }

        var sizes = new SeedSizes(values["--products"], values["--customers"], values["--orders"], values["--seed"]);
        return sizes.Problem() is { } problem ? (null, problem) : (sizes, null);
    }

    /// <summary>Where the command word is, skipping options and their values the way <see cref="OrdoCommands"/> does.</summary>
    private static int CommandIndex(IReadOnlyList<string> args)
    {
        for (var i = 0; i < args.Count; i++)
        {
            if (args[i] == Name)
            {
                return i;
            }

            if (args[i].StartsWith('-') && !args[i].Contains('=', StringComparison.Ordinal))
            {
                i++;
            }
        }

        throw new UnreachableException("The seed command runs only when its word is among the arguments.");
    }
}

/// <summary>A one-line progress bar on standard error, redrawn in place; only when a person is watching a terminal.</summary>
internal sealed class ConsoleSeedProgress : IProgress<SeedProgress>
{
    private const int BarWidth = 30;
    private readonly Stopwatch _sinceLastDraw = Stopwatch.StartNew();
    private bool _drawn;

    private ConsoleSeedProgress()
    {
    }

    public static ConsoleSeedProgress? ForStandardError() => Console.IsErrorRedirected ? null : new ConsoleSeedProgress();

    public void Report(SeedProgress value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var complete = value.Done >= value.Total;
        if (!complete && _drawn && _sinceLastDraw.ElapsedMilliseconds < 100)
        {
            return;
        }

        var fraction = value.Total == 0 ? 1 : (double)value.Done / value.Total;
        var filled = (int)(fraction * BarWidth);
        Console.Error.Write(string.Create(
            CultureInfo.InvariantCulture,
            $"\r{value.Phase,-9} [{new string('#', filled)}{new string('-', BarWidth - filled)}] {fraction,4:P0} {value.Done:N0}/{value.Total:N0}   "));
        _drawn = true;
        _sinceLastDraw.Restart();
    }

    public void Finish()
    {
        if (_drawn)
        {
            Console.Error.WriteLine();
        }
    }
}
