using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Abstractions;
using OpenIddict.Server;
using OpenIddict.Server.AspNetCore;
using Ordo.Api.Infrastructure.Authorization;
using Ordo.Api.Infrastructure.Jobs;
using Ordo.Api.Infrastructure.Pipeline;
using Ordo.Persistence;
using Ordo.Persistence.Identity;

namespace Ordo.Api.Infrastructure.Identity;

/// <summary>
/// Users (ASP.NET Core Identity), the token server (OpenIddict) and the resource server (JwtBearer with explicit,
/// strict validation), plus permission-based authorization with a fallback policy that closes every endpoint not
/// explicitly public.
/// </summary>
public static class IdentityRegistration
{
    /// <summary>The claim that tells a person's token from an integration client's.</summary>
    public const string KindClaim = "ordo_kind";

    /// <summary>The user's <see cref="OrdoUser.SessionVersion"/> when the token was issued.</summary>
    public const string SessionVersionClaim = "ordo_sv";

    public static IServiceCollection AddOrdoIdentity(this IServiceCollection services)
    {
        services.AddOptions<AuthOptions>().BindConfiguration(AuthOptions.Section).ValidateDataAnnotations()
            .Validate<IHostEnvironment>(Issuers.IsValid, Issuers.RequiredMessage)
            .ValidateOnStart();
        services.AddOptions<PasswordHashingOptions>().BindConfiguration(PasswordHashingOptions.Section);
        services.AddHttpContextAccessor();

        services.AddDataProtection().SetApplicationName("ordo").PersistKeysToDbContext<OrdoDbContext>();
        services.AddOptions<Microsoft.AspNetCore.DataProtection.KeyManagement.KeyManagementOptions>()
            .Configure<IServiceProvider>((options, provider) => options.XmlEncryptor = new DataProtectionKeyEncryptor(provider));

        services.AddIdentityCore<OrdoUser>(options =>
            {
                options.User.RequireUniqueEmail = true;
                options.Password.RequiredLength = 12;
                options.Password.RequiredUniqueChars = 4;
                options.Password.RequireDigit = false;
                options.Password.RequireLowercase = false;
                options.Password.RequireUppercase = false;
                options.Password.RequireNonAlphanumeric = false;
                options.Lockout.AllowedForNewUsers = true;
                options.Lockout.MaxFailedAccessAttempts = 5;
                options.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                options.Tokens.PasswordResetTokenProvider = PasswordResetTokens.ProviderName;
            })
            .AddRoles<OrdoRole>()
            .AddEntityFrameworkStores<OrdoDbContext>()
            .AddDefaultTokenProviders()
            .AddTokenProvider<SingleUseAuthenticatorCodes>(TokenOptions.DefaultAuthenticatorProvider)
            .AddTokenProvider<PasswordResetTokens>(PasswordResetTokens.ProviderName)
            .AddPasswordValidator<CommonPasswordValidator>();
        services.AddScoped<IPasswordHasher<OrdoUser>, Argon2idPasswordHasher<OrdoUser>>();

        services.AddSingleton<TokenKeyRing>();
        services.AddSingleton<IOptionsChangeTokenSource<OpenIddictServerOptions>>(provider => provider.GetRequiredService<TokenKeyRing>());
        services.AddSingleton<IConfigureOptions<OpenIddictServerOptions>>(provider => provider.GetRequiredService<TokenKeyRing>());
        services.AddHostedService<TokenKeyMaintenance>();
        services.AddScheduledJob<TokenKeyRotation>(TokenKeyRotation.JobName, provider =>
            JobSchedule.Every(provider.GetRequiredService<IOptions<AuthOptions>>().Value.KeyRefreshInterval));
        services.AddSingleton<TokenPruning>();
        services.AddScheduledJob<TokenPruning>(TokenPruning.JobName, provider =>
            JobSchedule.Every(provider.GetRequiredService<IOptions<AuthOptions>>().Value.TokenPruneInterval));
        services.AddSingleton<AccessProfiles>();
        services.AddSingleton<ClientOrigins>();
        services.AddScoped<UserSessions>();
        services.AddScoped<FailedAttempts>();
        services.AddOptions<BootstrapOptions>().BindConfiguration(BootstrapOptions.Section);
        services.AddOptions<AdminClientOptions>().BindConfiguration(AdminClientOptions.Section);
        services.AddScoped<IdentityBootstrap>();
        services.AddScoped<UserSignIn>();

        services.AddOpenIddict()
            .AddCore(core => core.UseEntityFrameworkCore().UseDbContext<OrdoDbContext>().ReplaceDefaultEntities<Guid>())
            .AddServer(server =>
            {
                server.SetAuthorizationEndpointUris("connect/authorize")
                    .SetTokenEndpointUris("connect/token")
                    .SetRevocationEndpointUris("connect/revoke")
                    .SetIntrospectionEndpointUris("connect/introspect")
                    .SetEndSessionEndpointUris("connect/endsession");
                server.AllowAuthorizationCodeFlow().RequireProofKeyForCodeExchange()
                    .AllowClientCredentialsFlow()
                    .AllowRefreshTokenFlow();
                server.RegisterScopes([OpenIddictConstants.Scopes.OpenId, OpenIddictConstants.Scopes.OfflineAccess, .. Permissions.All]);
                server.AddEventHandler(UngrantedScopeRejection.Descriptor);
                server.AddEventHandler(RegisteredRedirectUrisHint.Descriptor);
                server.AddEventHandler(SingleRefreshTokenRedemption.Descriptor);
                server.AddEventHandler(RevocationCacheEviction.Descriptor);
                server.AddEventHandler(RevocationCacheEviction.RefusedRefreshDescriptor);
                // Resource servers verify access tokens from the JWKS alone: signed, never encrypted.
                server.DisableAccessTokenEncryption();
                // A refresh token is spent the moment it is redeemed; presenting it again revokes its whole family.
                server.SetRefreshTokenReuseLeeway(TimeSpan.Zero);
                // Rotated refresh tokens keep the first one's expiry: the lifetime is absolute.
                server.DisableSlidingRefreshTokenExpiration();
                server.UseAspNetCore()
                    .EnableAuthorizationEndpointPassthrough()
                    .EnableTokenEndpointPassthrough()
                    .EnableEndSessionEndpointPassthrough();
            });
        services.AddOptions<OpenIddictServerOptions>().Configure<IOptions<AuthOptions>>((server, auth) =>
        {
            var settings = auth.Value;
            server.Issuer = settings.Issuer; // null (Development only): OpenIddict uses each request's base URI
            server.AccessTokenLifetime = settings.AccessTokenLifetime;
            server.RefreshTokenLifetime = settings.StaffRefreshTokenLifetime;
            server.IdentityTokenLifetime = settings.AccessTokenLifetime;
            // PKCE with S256 only: "plain" would hand the verifier to anyone who sees the authorization request.
            server.CodeChallengeMethods.Clear();
            server.CodeChallengeMethods.Add(OpenIddictConstants.CodeChallengeMethods.Sha256);
            if (settings.AllowPasswordGrant)
            {
                server.GrantTypes.Add(OpenIddictConstants.GrantTypes.Password);
            }
        });
        services.AddOptions<OpenIddictServerAspNetCoreOptions>().Configure<IOptions<AuthOptions>>((aspNetCore, auth) =>
            aspNetCore.DisableTransportSecurityRequirement = !auth.Value.RequireHttps);

        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<IOptions<AuthOptions>, TokenKeyRing, IHttpContextAccessor>((bearer, auth, ring, http) =>
            {
                bearer.MapInboundClaims = false;
                bearer.RequireHttpsMetadata = auth.Value.RequireHttps;
                bearer.TokenValidationParameters = StrictAccessTokenValidation(auth.Value, ring);
                if (auth.Value.Issuer is null)
                {
                    // Development without Auth:Issuer: a token is accepted where it was issued, as OpenIddict issues it.
                    bearer.TokenValidationParameters.IssuerValidator = (issuer, _, _) =>
                        http.HttpContext is { } context && issuer == Issuers.For(auth.Value, context.Request).AbsoluteUri
                            ? issuer
                            : throw new SecurityTokenInvalidIssuerException("The token was issued for another base URI.") { InvalidIssuer = issuer };
                }

                bearer.Events = new JwtBearerEvents { OnTokenValidated = ResolveCallerOrDeferFailureAsync };
            });

        services.AddSingleton<IAuthorizationPolicyProvider, PermissionPolicyProvider>();
        services.AddSingleton<IAuthorizationHandler, PermissionHandler>();
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, MissingPermissionProblem>();
        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder(JwtBearerDefaults.AuthenticationScheme).RequireAuthenticatedUser().Build())
            .SetDefaultPolicy(new AuthorizationPolicyBuilder(JwtBearerDefaults.AuthenticationScheme).RequireAuthenticatedUser().Build());
        return services;
    }

    /// <summary>
    /// RFC 8725 / RFC 9068 validation, every knob set explicitly: ES256 only (no "none", no HMAC with a public key),
    /// <c>typ</c> at+jwt (ID and refresh tokens cannot pass), our issuer and audience, 30 s of clock skew, and keys
    /// only from our own key ring by exact <c>kid</c> (no <c>jku</c>/<c>x5u</c> fetching, unknown <c>kid</c> rejected).
    /// </summary>
    public static TokenValidationParameters StrictAccessTokenValidation(AuthOptions auth, TokenKeyRing ring)
    {
        ArgumentNullException.ThrowIfNull(auth);
        ArgumentNullException.ThrowIfNull(ring);
        return new TokenValidationParameters
        {
            ValidIssuer = auth.Issuer?.AbsoluteUri,
            ValidAudience = AuthOptions.Audience,
            ValidAlgorithms = [TokenKeyRing.SigningAlgorithm],
            ValidTypes = [OpenIddictConstants.JsonWebTokenTypes.AccessToken],
            ClockSkew = TimeSpan.FromSeconds(30),
            RequireExpirationTime = true,
            RequireSignedTokens = true,
            RequireAudience = true,
            ValidateIssuer = true,
            ValidateAudience = true,
            ValidateLifetime = true,
            ValidateIssuerSigningKey = true,
            TryAllIssuerSigningKeys = false,
            IssuerSigningKeyResolver = (_, _, kid, _) => ring.Current.Signing.Where(key => key.KeyId == kid),
            NameClaimType = OpenIddictConstants.Claims.Subject,
            RoleClaimType = OpenIddictConstants.Claims.Role,
        };
    }

    /// <summary>
    /// After the signature checks: is the caller still allowed to act (user exists, not disabled, session not revoked;
    /// client not revoked; this token and its authorization not revoked), and what may they do now. The answer rides
    /// on the request as <see cref="CallerAccess"/>.
    /// </summary>
    private static async Task ResolveCallerOrDeferFailureAsync(TokenValidatedContext context)
    {
        try
        {
            await ResolveCallerAsync(context);
        }
        catch (Exception exception) when (DeferredAuthenticationFailure.Defers(context.HttpContext, exception))
        {
            // The bearer handler would log any exception from here as an Error with its stack trace and then rethrow
            // it: an aborted request or a database outage is neither a bug nor an authentication failure.
            context.Fail(exception);
        }
    }

    private static async Task ResolveCallerAsync(TokenValidatedContext context)
    {
        var principal = context.Principal!;
        var subject = principal.FindFirst(OpenIddictConstants.Claims.Subject)?.Value;
        var kind = principal.FindFirst(KindClaim)?.Value;
        var profiles = context.HttpContext.RequestServices.GetRequiredService<AccessProfiles>();
        var cancellationToken = context.HttpContext.RequestAborted;
        CallerAccess? access = null;
        if (kind == nameof(CallerKind.Client) && subject is not null)
        {
            if (await profiles.ClientExistsAsync(subject, cancellationToken))
            {
                var scopes = principal.FindAll(OpenIddictConstants.Claims.Scope).SelectMany(c => c.Value.Split(' '));
                access = new CallerAccess(CallerKind.Client, subject, null, scopes.Where(Permissions.Exists).ToHashSet(StringComparer.Ordinal));
            }
        }
        else if (Guid.TryParse(subject, out var userId)
            && int.TryParse(principal.FindFirst(SessionVersionClaim)?.Value, System.Globalization.CultureInfo.InvariantCulture, out var sessionVersion))
        {
            var profile = await profiles.GetUserAsync(userId, cancellationToken);
            if (profile is { IsDisabled: false } && profile.SessionVersion == sessionVersion)
            {
                access = new CallerAccess(
                    profile.CustomerId is null ? CallerKind.Staff : CallerKind.Customer, subject!, profile.CustomerId, profile.Permissions);
            }
        }

        // Revoked tokens (RFC 7009, a revoked session, a reused refresh token's family) are refused from the next
        // request on here, and within the cache lifetime on other instances.
        var tokenId = principal.FindFirst(OpenIddictConstants.Claims.Private.TokenId)?.Value;
        if (access is not null && (tokenId is null || !await profiles.IsTokenActiveAsync(tokenId, cancellationToken)))
        {
            access = null;
        }

        if (access is null)
        {
            context.Fail("The token's subject can no longer act.");
            return;
        }

        access.AttachTo(context.HttpContext);
    }
}
