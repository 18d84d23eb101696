using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Ordo.Api.Infrastructure.Authorization;

namespace Ordo.Api.Infrastructure.OpenApi;

/// <summary>
/// Documents how to call the API: an OAuth 2.0 scheme (authorization code + PKCE for people, client credentials with
/// permission scopes for integrations), and on every operation the permission it requires, or that it is public.
/// </summary>
public static class OpenApiSecurity
{
    public const string SchemeName = "oauth2";

    public static OpenApiOptions AddOrdoSecurity(this OpenApiOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.AddDocumentTransformer((document, _, _) =>
        {
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes[SchemeName] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.OAuth2,
                Description = "Access tokens are ES256-signed JWTs (`typ` at+jwt, audience `ordo-api`) valid for 5 minutes, issued and "
                    + "checked as RFC8725 (JWT Best Current Practices) and RFC 9068 (JWT access tokens) advise. "
                    + "People sign in with the authorization code flow and PKCE (S256); integrations use client credentials "
                    + "and request permissions as scopes.",
                Flows = new OpenApiOAuthFlows
                {
                    AuthorizationCode = new OpenApiOAuthFlow
                    {
                        AuthorizationUrl = new Uri("/connect/authorize", UriKind.Relative),
                        TokenUrl = new Uri("/connect/token", UriKind.Relative),
                        RefreshUrl = new Uri("/connect/token", UriKind.Relative),
                        Scopes = new Dictionary<string, string>
                        {
                            ["openid"] = "Sign in.",
                            ["offline_access"] = "A refresh token (single use, absolute lifetime).",
                        },
                    },
                    ClientCredentials = new OpenApiOAuthFlow
                    {
                        TokenUrl = new Uri("/connect/token", UriKind.Relative),
                        Scopes = Permissions.Descriptions.ToDictionary(pair => pair.Key, pair => pair.Value),
                    },
                },
            };
            return Task.CompletedTask;
        });
        options.AddOperationTransformer((operation, context, _) =>
        {
            var metadata = context.Description.ActionDescriptor.EndpointMetadata;
            if (metadata.OfType<IAllowAnonymous>().Any())
            {
                operation.Security = [];
                return Task.CompletedTask;
            }

            var permission = metadata.OfType<PermissionMetadata>().FirstOrDefault()?.Name;
            operation.Security =
            [
                new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(SchemeName, context.Document)] = permission is null ? [] : [permission] },
            ];
            OpenApiConventions.Error(operation, StatusCodes.Status401Unauthorized, "No valid access token.");
            OpenApiConventions.AddHeader(operation, "401", "WWW-Authenticate", "The `Bearer` challenge (RFC 6750), with the error when a token was sent.", required: true, maxLength: 1000);
            if (permission is not null)
            {
                var lacks = $"The caller lacks the `{permission}` permission.";
                if (operation.Responses?.TryGetValue("403", out var declared) is true && declared is OpenApiResponse ruled)
                {
                    // The endpoint declared 403 itself: a rule beyond the permission refuses some callers too.
                    ruled.Description = $"{lacks} Or a rule of this operation refuses the caller (the codes are in its description).";
                }

                OpenApiConventions.Error(operation, StatusCodes.Status403Forbidden, lacks);
                operation.Description = $"{operation.Description}\n\nRequires the `{permission}` permission.".TrimStart();
            }

            return Task.CompletedTask;
        });
        return options;
    }
}
