using OpenIddict.Abstractions;
using OpenIddict.Server;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace Ordo.Api.Infrastructure.Identity;

/// <summary>
/// In Development, an authorization request with a <c>redirect_uri</c> its client did not register is refused with the
/// URIs it did register (issue 14), where OpenIddict's own check only says the one sent is invalid. Elsewhere the
/// registered URIs are not told to whoever asks. Runs just before OpenIddict's check, with the same comparison.
/// </summary>
public sealed class RegisteredRedirectUrisHint(IOpenIddictApplicationManager applications, IHostEnvironment environment)
    : IOpenIddictServerHandler<ValidateAuthorizationRequestContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<ValidateAuthorizationRequestContext>()
            .UseScopedHandler<RegisteredRedirectUrisHint>()
            .SetOrder(OpenIddictServerHandlers.Authentication.ValidateClientRedirectUri.Descriptor.Order - 1)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public async ValueTask HandleAsync(ValidateAuthorizationRequestContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var redirectUri = context.Request.RedirectUri;
        if (!environment.IsDevelopment() || string.IsNullOrEmpty(context.ClientId) || string.IsNullOrEmpty(redirectUri))
        {
            return;
        }

        var application = await applications.FindByClientIdAsync(context.ClientId, context.CancellationToken);
        if (application is null || await applications.ValidateRedirectUriAsync(application, redirectUri, context.CancellationToken))
        {
            return; // unknown clients and registered URIs: OpenIddict's own checks answer
        }

        var registered = await applications.GetRedirectUrisAsync(application, context.CancellationToken);
        context.Reject(
            Errors.InvalidRequest,
            $"The redirect_uri '{redirectUri}' is not registered for the client '{context.ClientId}'. Registered (shown in Development only): {string.Join(", ", registered)}.");
    }
}
