using OpenIddict.Abstractions;
using OpenIddict.Server;
using Ordo.Api.Infrastructure.Authorization;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace Ordo.Api.Infrastructure.Identity;

/// <summary>
/// Drops the cached token decisions after a revocation the token server made itself: an RFC 7009 revocation
/// request, or a refused refresh (a spent token presented again revokes its whole family). A revoked access token is
/// then refused from the next request on, on every instance when Redis carries the eviction, within
/// <see cref="AccessProfiles.Lifetime"/> when it cannot.
/// </summary>
public sealed class RevocationCacheEviction(AccessProfiles profiles)
    : IOpenIddictServerHandler<ApplyRevocationResponseContext>, IOpenIddictServerHandler<ApplyTokenResponseContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<ApplyRevocationResponseContext>()
            .UseSingletonHandler<RevocationCacheEviction>()
            .SetOrder(int.MinValue + 100_000)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public static OpenIddictServerHandlerDescriptor RefusedRefreshDescriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<ApplyTokenResponseContext>()
            .UseSingletonHandler<RevocationCacheEviction>()
            .SetOrder(int.MinValue + 100_000)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public async ValueTask HandleAsync(ApplyRevocationResponseContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Response.Error is null)
        {
            await profiles.InvalidateAllAsync(); // a refused request revoked nothing: no reason to empty every instance's cache
        }
    }

    public async ValueTask HandleAsync(ApplyTokenResponseContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Request?.IsRefreshTokenGrantType() == true && context.Response.Error == Errors.InvalidGrant)
        {
            await profiles.InvalidateAllAsync();
        }
    }
}
