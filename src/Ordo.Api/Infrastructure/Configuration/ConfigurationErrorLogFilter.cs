using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace Ordo.Api.Infrastructure.Configuration;

/// <summary>
/// The host logs every start-up failure ("Hosting failed to start") with its full stack trace before it rethrows.
/// For a configuration error Program.cs then prints one line that names the setting; a multi-kilobyte JSON record
/// of the same failure would bury it, so that one record is left out. Every other record, and every other failure
/// (a bug, an outage), is logged as before.
/// </summary>
[ProviderAlias("Console")]
internal sealed class ConfigurationErrorLogFilter(ILoggerProvider inner) : ILoggerProvider, ISupportExternalScope
{
    private const string HostCategory = "Microsoft.Extensions.Hosting.Internal.Host";

    /// <summary>Wraps the console logger registered by <c>AddJsonConsole</c>.</summary>
    public static void Install(IServiceCollection services)
    {
        var console = services.Single(d => d.ServiceType == typeof(ILoggerProvider) && d.ImplementationType == typeof(ConsoleLoggerProvider));
        services.Remove(console);
        services.AddSingleton<ILoggerProvider>(provider => new ConfigurationErrorLogFilter(new ConsoleLoggerProvider(
            provider.GetRequiredService<IOptionsMonitor<ConsoleLoggerOptions>>(), provider.GetServices<ConsoleFormatter>())));
    }

    public ILogger CreateLogger(string categoryName)
    {
        var logger = inner.CreateLogger(categoryName);
        return categoryName == HostCategory ? new WithoutConfigurationErrors(logger) : logger;
    }

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => (inner as ISupportExternalScope)?.SetScopeProvider(scopeProvider);

    public void Dispose() => inner.Dispose();

    private sealed class WithoutConfigurationErrors(ILogger inner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => inner.BeginScope(state);

        public bool IsEnabled(LogLevel logLevel) => inner.IsEnabled(logLevel);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (exception is not null && ConfigurationException.TryDescribe(exception, out _))
            {
                return;
            }

            inner.Log(logLevel, eventId, state, exception, formatter);
        }
    }
}
