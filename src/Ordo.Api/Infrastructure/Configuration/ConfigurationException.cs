using Microsoft.Extensions.Options;

namespace Ordo.Api.Infrastructure.Configuration;

/// <summary>Invalid configuration: the process stops with one line naming the setting, never a stack trace.</summary>
public sealed class ConfigurationException(string message) : Exception(message)
{
    public const int ExitCode = 2;

    /// <summary>Describes configuration failures in one line; false for anything else (a bug, an outage).</summary>
    public static bool TryDescribe(Exception exception, out string line)
    {
        line = exception switch
        {
            ConfigurationException config => config.Message,
            OptionsValidationException options => string.Join(" ", options.Failures),
            AggregateException { InnerExceptions: var inner } when inner.All(e => e is OptionsValidationException) =>
                string.Join(" ", inner.Cast<OptionsValidationException>().SelectMany(e => e.Failures)),
            _ => string.Empty,
        };
        if (line.Length == 0)
        {
            return false;
        }

        line = "Configuration error: " + line.ReplaceLineEndings(" ");
        return true;
    }
}
