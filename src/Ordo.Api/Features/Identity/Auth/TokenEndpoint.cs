using System.Security.Claims;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Authentication;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using Ordo.Api.Infrastructure.Audit;
using Ordo.Api.Infrastructure.Authorization;
using Ordo.Api.Infrastructure.Identity;
using Ordo.Api.Infrastructure.Pipeline;
using static OpenIddict.Abstractions.OpenIddictConstants;
using Permissions = Ordo.Api.Infrastructure.Authorization.Permissions;

namespace Ordo.Api.Features.Identity.Auth;

/// <summary>
/// <c>POST /connect/token</c>. OpenIddict has already authenticated the client and validated the grant's protocol
/// rules; this decides who the token is for: the password grant checks credentials (lockout, MFA), the code and
/// refresh grants re-check that the user may still act, client_credentials issues the client's granted scopes.
/// </summary>
public static class TokenEndpoint
{
    public const string OtpParameter = "otp";

    public static void MapTokenEndpoint(this IEndpointRouteBuilder app) =>
        app.MapPost("/connect/token", ExchangeAsync).AllowAnonymous().ExcludeFromDescription()
            .RequireAttemptLimits(AttemptLimits.Token, AttemptLimits.FormField(Parameters.Username));

    public const string PasswordGrantMethod = "password_grant";

    private static async Task<IResult> ExchangeAsync(HttpContext http, UserSignIn signIn, IOpenIddictApplicationManager applications, AuditTrail audit)
    {
        var request = http.GetOpenIddictServerRequest() ?? throw new InvalidOperationException("Not an OpenID Connect request.");
        var cancellationToken = http.RequestAborted;
        if (request.IsClientCredentialsGrantType())
        {
            var application = await applications.FindByClientIdAsync(request.ClientId!, cancellationToken);
            if (application is null)
            {
                return Reject(Errors.InvalidClient, "The client is unknown.");
            }

            var identity = new ClaimsIdentity(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme, Claims.Subject, Claims.Role);
            identity.SetClaim(Claims.Subject, request.ClientId).SetClaim(IdentityRegistration.KindClaim, nameof(CallerKind.Client));
            // OpenIddict has already refused scopes the client was not granted. A request that names none gets every
            // scope the client was granted (a token that can do nothing was the surprise integrators hit).
            var granted = request.GetScopes().IsEmpty
                ? (await applications.GetPermissionsAsync(application, cancellationToken))
                    .Where(permission => permission.StartsWith(OpenIddictConstants.Permissions.Prefixes.Scope, StringComparison.Ordinal))
                    .Select(permission => permission[OpenIddictConstants.Permissions.Prefixes.Scope.Length..])
                : request.GetScopes();
            identity.SetScopes(granted.Where(Permissions.Exists));
            identity.SetAudiences(AuthOptions.Audience);
            identity.SetDestinations(_ => [Destinations.AccessToken]);
            await audit.RecordAsync(
                AuditActions.ClientTokenIssued, AuditResources.Client, request.ClientId,
                AuditChanges.Create().Value("scopes", identity.GetScopes().Order(StringComparer.Ordinal).ToList()), actor: request.ClientId, cancellationToken: cancellationToken);
            return SignIn(new ClaimsPrincipal(identity));
        }

        UserSignIn.Outcome outcome;
        IEnumerable<string>? previousScopes = null;
        if (request.IsPasswordGrantType())
        {
            outcome = await signIn.WithPasswordAsync(request.Username ?? "", request.Password ?? "", (string?)request[OtpParameter], cancellationToken);
        }
        else if (request.IsAuthorizationCodeGrantType() || request.IsRefreshTokenGrantType())
        {
            var previous = await http.AuthenticateAsync(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
            outcome = await signIn.RenewAsync(previous.Principal, cancellationToken);
            previousScopes = previous.Principal?.GetScopes();
        }
        else
        {
            return Reject(Errors.UnsupportedGrantType, "The grant type is not supported.");
        }

        if (outcome.User is null)
        {
            return Reject(Errors.InvalidGrant, outcome.Error!);
        }

        if (request.IsPasswordGrantType())
        {
            await signIn.RecordSignedInAsync(outcome.User, PasswordGrantMethod, cancellationToken);
        }

        var scopes = previousScopes ?? request.GetScopes();
        return SignIn(signIn.PrincipalFor(outcome.User, scopes));
    }

    private static IResult SignIn(ClaimsPrincipal principal) =>
        Results.SignIn(principal, authenticationScheme: OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);

    internal static IResult Reject(string error, string description) =>
        Results.Forbid(
            new AuthenticationProperties(new Dictionary<string, string?>
            {
                [OpenIddictServerAspNetCoreConstants.Properties.Error] = error,
                [OpenIddictServerAspNetCoreConstants.Properties.ErrorDescription] = description,
            }),
            [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);
}
