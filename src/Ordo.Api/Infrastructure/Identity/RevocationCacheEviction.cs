using OpenIddict.Server;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace Ordo.Api.Infrastructure.Identity;

/// <summary>
/// After an RFC 7009 revocation request, drops this instance's cached token decisions, so a revoked access token is
/// refused from the next request on here (other instances converge within <see cref="AccessProfiles.Lifetime"/>).
/// </summary>
public sealed class RevocationCacheEviction(AccessProfiles profiles) : IOpenIddictServerHandler<ApplyRevocationResponseContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<ApplyRevocationResponseContext>()
            .UseSingletonHandler<RevocationCacheEviction>()
            .SetOrder(int.MinValue + 100_000)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public ValueTask HandleAsync(ApplyRevocationResponseContext context)
    {
        profiles.InvalidateAll();
        return ValueTask.CompletedTask;
    }
}
