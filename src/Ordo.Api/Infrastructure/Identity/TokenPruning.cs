using System.Globalization;
using Microsoft.Extensions.Options;
using OpenIddict.Abstractions;
using Ordo.Api.Infrastructure.Jobs;

namespace Ordo.Api.Infrastructure.Identity;

/// <summary>
/// Deletes the token server's dead rows: a scheduled job (<see cref="JobName"/>, every
/// <see cref="AuthOptions.TokenPruneInterval"/>, once across instances). Tokens that
/// are expired, revoked, redeemed or belong to a revoked authorization, and authorizations that are revoked or
/// left without tokens (OpenIddict's <c>PruneAsync</c>). Only rows created more than
/// <see cref="AuthOptions.LongestTokenLifetime"/> ago go: until then a redeemed refresh token is still needed to
/// recognise its reuse and revoke the family. Safe to repeat (a run taken over deletes what is still dead).
/// </summary>
public sealed partial class TokenPruning(
    IServiceScopeFactory scopes, IOptions<AuthOptions> options, TimeProvider time, ILogger<TokenPruning> logger) : IScheduledJob
{
    public const string JobName = "identity.prune-tokens";

    public async Task<string?> RunAsync(ScheduledRun run, CancellationToken cancellationToken)
    {
        var (tokens, authorizations) = await PruneAsync(cancellationToken);
        return string.Create(CultureInfo.InvariantCulture, $$"""{"tokens":{{tokens}},"authorizations":{{authorizations}}}""");
    }

    public async Task<(long Tokens, long Authorizations)> PruneAsync(CancellationToken cancellationToken)
    {
        var threshold = time.GetUtcNow() - options.Value.LongestTokenLifetime;
        await using var scope = scopes.CreateAsyncScope();
        var tokens = await scope.ServiceProvider.GetRequiredService<IOpenIddictTokenManager>().PruneAsync(threshold, cancellationToken);
        var authorizations = await scope.ServiceProvider.GetRequiredService<IOpenIddictAuthorizationManager>().PruneAsync(threshold, cancellationToken);
        if (tokens + authorizations > 0)
        {
            LogPruned(logger, tokens, authorizations);
        }

        return (tokens, authorizations);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Pruned {Tokens} tokens and {Authorizations} authorizations")]
    private static partial void LogPruned(ILogger logger, long tokens, long authorizations);
}
