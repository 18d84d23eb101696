using Microsoft.Extensions.Options;
using OpenIddict.Abstractions;

namespace Ordo.Api.Infrastructure.Identity;

/// <summary>
/// Deletes the token server's dead rows on a schedule (<see cref="AuthOptions.TokenPruneInterval"/>): tokens that
/// are expired, revoked, redeemed or belong to a revoked authorization, and authorizations that are revoked or
/// left without tokens (OpenIddict's <c>PruneAsync</c>). Only rows created more than
/// <see cref="AuthOptions.LongestTokenLifetime"/> ago go: until then a redeemed refresh token is still needed to
/// recognise its reuse and revoke the family. Safe on several instances at once (each deletes what is dead).
/// </summary>
public sealed partial class TokenPruning(
    IServiceScopeFactory scopes, IOptions<AuthOptions> options, TimeProvider time, ILogger<TokenPruning> logger) : BackgroundService
{
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

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.TokenPruneInterval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await PruneAsync(stoppingToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                LogPruningFailed(logger, exception);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Pruned {Tokens} tokens and {Authorizations} authorizations")]
    private static partial void LogPruned(ILogger logger, long tokens, long authorizations);

    [LoggerMessage(Level = LogLevel.Error, Message = "Pruning tokens and authorizations failed; it is tried again at the next interval")]
    private static partial void LogPruningFailed(ILogger logger, Exception exception);
}
