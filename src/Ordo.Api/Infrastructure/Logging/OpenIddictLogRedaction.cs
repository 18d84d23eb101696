using Microsoft.Extensions.DependencyInjection.Extensions;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Ordo.Api.Infrastructure.Logging;

/// <summary>
/// OpenIddict logs whole protocol messages at Information (the token request with its <c>username</c>, PKCE
/// <c>code_verifier</c> and Ordo's <c>otp</c>; its own redaction covers only passwords, secrets, codes and tokens)
/// and, at Trace, tokens, their payloads and claims. Every logger of an <c>OpenIddict.*</c> category is wrapped so
/// that, before any provider sees a record, message parameters outside <see cref="LoggableParameters"/> and the
/// values named in <see cref="SecretValues"/> read <c>[redacted]</c>. This holds at every level, whatever levels
/// an operator configures; the records themselves (which request, which rejection and why) stay.
/// </summary>
public static class OpenIddictLogRedaction
{
    public const string Redacted = "[redacted]";

    private const string CategoryPrefix = "OpenIddict";
    private const string OriginalFormat = "{OriginalFormat}";

    /// <summary>Protocol parameters that identify the flow but carry no credential, token, code, verifier or personal data.</summary>
    private static readonly HashSet<string> LoggableParameters = new(
    [
        Parameters.GrantType, Parameters.ResponseType, Parameters.ResponseMode, Parameters.ClientId, Parameters.RedirectUri,
        Parameters.PostLogoutRedirectUri, Parameters.Scope, Parameters.Prompt, Parameters.CodeChallenge, Parameters.CodeChallengeMethod,
        Parameters.TokenTypeHint, Parameters.TokenType, Parameters.ExpiresIn, Parameters.Error, Parameters.ErrorDescription,
        Parameters.ErrorUri, Parameters.Audience, Parameters.Resource, Parameters.MaxAge, Parameters.UiLocales, Parameters.Display,
        Parameters.AcrValues, Parameters.Iss, Parameters.Active,
    ], StringComparer.Ordinal);

    /// <summary>Template values that hold a token, its payload, its claims or a raw header value.</summary>
    private static readonly HashSet<string> SecretValues = new(["Token", "Payload", "ReferenceId", "Claims", "Value"], StringComparer.Ordinal);

    /// <summary>
    /// Wraps the host's <see cref="ILoggerFactory"/> as registered so far (the framework's, or the redacting one of
    /// <c>EnableRedaction</c>: same providers, filters and scopes) in a factory that hands out redacting loggers for
    /// OpenIddict's categories.
    /// </summary>
    public static IServiceCollection AddOpenIddictLogRedaction(this IServiceCollection services)
    {
        var registered = services.Last(d => d.ServiceType == typeof(ILoggerFactory));
        services.Replace(ServiceDescriptor.Singleton<ILoggerFactory>(provider => new RedactingLoggerFactory(Create(registered, provider))));
        return services;
    }

    private static ILoggerFactory Create(ServiceDescriptor registered, IServiceProvider provider) => registered switch
    {
        { ImplementationInstance: ILoggerFactory instance } => instance,
        { ImplementationFactory: { } factory } => (ILoggerFactory)factory(provider),
        { ImplementationType: { } type } => (ILoggerFactory)ActivatorUtilities.CreateInstance(provider, type),
        _ => throw new InvalidOperationException("The logger factory registration is not one that can be wrapped."),
    };

    /// <summary>The record's template and its values with secrets replaced, or false when nothing needed replacing.</summary>
    internal static bool TryRedact(IReadOnlyList<KeyValuePair<string, object?>> values, out string template, out object?[] arguments)
    {
        template = "";
        var redacted = new List<object?>(values.Count);
        var changed = false;
        foreach (var (name, value) in values)
        {
            if (name == OriginalFormat)
            {
                template = value as string ?? "";
                continue;
            }

            var shown = Redact(name, value);
            changed |= !ReferenceEquals(shown, value);
            redacted.Add(shown);
        }

        arguments = [.. redacted];
        return changed && template.Length > 0;
    }

    private static object? Redact(string name, object? value) => value switch
    {
        null => null,
        OpenIddictMessage message => WithLoggableParametersOnly(message),
        _ when SecretValues.Contains(name) => Redacted,
        _ => value,
    };

    private static OpenIddictMessage WithLoggableParametersOnly(OpenIddictMessage message)
    {
        var copy = new OpenIddictMessage();
        foreach (var (name, value) in message.GetParameters())
        {
            copy.SetParameter(name, LoggableParameters.Contains(name) ? value : new OpenIddictParameter(Redacted));
        }

        return copy;
    }

    internal static bool IsOpenIddictCategory(string category) => category.StartsWith(CategoryPrefix, StringComparison.Ordinal);

    private sealed class RedactingLoggerFactory(ILoggerFactory inner) : ILoggerFactory
    {
        public ILogger CreateLogger(string categoryName)
        {
            var logger = inner.CreateLogger(categoryName);
            return IsOpenIddictCategory(categoryName) ? new RedactingLogger(logger) : logger;
        }

        public void AddProvider(ILoggerProvider provider) => inner.AddProvider(provider);

        public void Dispose() => inner.Dispose();
    }

    private sealed class RedactingLogger(ILogger inner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => inner.BeginScope(state);

        public bool IsEnabled(LogLevel logLevel) => inner.IsEnabled(logLevel);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (state is IReadOnlyList<KeyValuePair<string, object?>> values && TryRedact(values, out var template, out var arguments))
            {
#pragma warning disable CA1848, CA2254 // OpenIddict's own template, passed on unchanged with the redacted values
                inner.Log(logLevel, eventId, exception, template, arguments);
#pragma warning restore CA1848, CA2254
                return;
            }

            inner.Log(logLevel, eventId, state, exception, formatter);
        }
    }
}
