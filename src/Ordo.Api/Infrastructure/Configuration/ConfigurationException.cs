using Microsoft.Extensions.Options;

namespace Ordo.Api.Infrastructure.Configuration;

/// <summary>Invalid configuration: the process stops with one line naming the setting, never a stack trace.</summary>
public sealed class ConfigurationException(string message) : Exception(message)
{
    public const int ExitCode = 2;

    /// <summary>Describes configuration failures in one line; false for anything else (a bug, an outage).</summary>
    public static bool TryDescribe(Exception exception, out string line)
    {
        var causes = Causes(exception).ToList();
        line = causes.All(cause => cause is ConfigurationException or OptionsValidationException)
            ? string.Join(" ", causes.SelectMany(cause => cause is OptionsValidationException options ? options.Failures : [cause.Message]))
            : string.Empty;
        if (line.Length == 0)
        {
            return false;
        }

        line = "Configuration error: " + line.ReplaceLineEndings(" ");
        return true;
    }

    // Start-up gathers the failures of several validators or hosted services into one AggregateException.
    private static IEnumerable<Exception> Causes(Exception exception) =>
        exception is AggregateException aggregate ? aggregate.InnerExceptions.SelectMany(Causes) : [exception];
}
