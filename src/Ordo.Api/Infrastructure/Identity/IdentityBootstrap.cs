using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OpenIddict.Abstractions;
using Ordo.Api.Infrastructure.Authorization;
using Ordo.Domain.Customers;
using Ordo.Persistence;
using Ordo.Persistence.Identity;
using static OpenIddict.Abstractions.OpenIddictConstants;
using Permissions = Ordo.Api.Infrastructure.Authorization.Permissions;

namespace Ordo.Api.Infrastructure.Identity;

/// <summary>Section <c>Bootstrap</c>: the first administrator, created once if no user has that email.</summary>
public sealed class BootstrapOptions
{
    public const string Section = "Bootstrap";

    /// <summary>Email of the first administrator, created (confirmed, with the <c>admin</c> role) when no user has it yet.</summary>
    public string? AdminEmail { get; set; }

    /// <summary>That administrator's initial password (a secret); both settings are needed for the user to be created.</summary>
    public string? AdminPassword { get; set; }
}

/// <summary>
/// Section <c>Auth:AdminClient</c>: where the first-party admin panel may receive codes besides <c>{Auth:Issuer}/admin/signed-in</c>,
/// which is always registered for the panel this host serves.
/// </summary>
public sealed class AdminClientOptions
{
    public const string Section = "Auth:AdminClient";

    /// <summary>Where the <c>ordo-admin</c> client may receive authorization codes (the admin panel's callback).</summary>
    public Uri[] RedirectUris { get; set; } = [];

    /// <summary>Where the browser may return after the admin panel signs out.</summary>
    public Uri[] PostLogoutRedirectUris { get; set; } = [];
}

/// <summary>
/// Reference data the service cannot run without: the built-in roles (created with their default grants, never
/// overwritten afterwards, since admins edit them; except <c>admin</c>, which nobody edits and which is brought to
/// exactly the current permission catalogue every time), the <c>ordo-admin</c> client, and the configured first admin.
/// Idempotent; run by <c>migrate</c> and at start-up.
/// </summary>
public sealed partial class IdentityBootstrap(
    OrdoDbContext db,
    RoleManager<OrdoRole> roles,
    UserManager<OrdoUser> users,
    IOpenIddictApplicationManager applications,
    IOptions<BootstrapOptions> bootstrap,
    IOptions<AdminClientOptions> adminClient,
    IOptions<AuthOptions> auth,
    TimeProvider time,
    ILogger<IdentityBootstrap> logger)
{
    public async Task EnsureAsync(CancellationToken cancellationToken)
    {
        await EnsureBuiltInRolesAsync(cancellationToken);
        await EnsureAdminClientAsync(cancellationToken);
        var settings = bootstrap.Value;
        if (!string.IsNullOrWhiteSpace(settings.AdminEmail) && !string.IsNullOrEmpty(settings.AdminPassword)
            && await users.FindByEmailAsync(settings.AdminEmail) is null)
        {
            var created = await CreateAdminAsync(settings.AdminEmail, settings.AdminPassword);
            if (!created.Succeeded)
            {
                var setting = Email.Create(settings.AdminEmail).IsFailure ? "Bootstrap:AdminEmail" : "Bootstrap:AdminPassword";
                throw new Configuration.ConfigurationException(
                    $"{setting} is not acceptable: {string.Join(" ", created.Errors.Select(e => e.Description))}");
            }
        }
    }

    /// <summary>Creates a confirmed staff user holding the admin role (for <c>create-admin</c> and <c>Bootstrap:AdminEmail</c>).</summary>
    public async Task<IdentityResult> CreateAdminAsync(string email, string password)
    {
        var address = Email.Create(email);
        if (address.IsFailure)
        {
            return IdentityResult.Failed(new IdentityError { Code = address.Error.Code, Description = address.Error.Message });
        }

        var user = new OrdoUser
        {
            Id = Guid.CreateVersion7(),
            UserName = address.Value.Value,
            Email = address.Value.Value,
            EmailConfirmed = true,
            CreatedAt = time.GetUtcNow(),
        };
        var created = await users.CreateAsync(user, password);
        if (created.Succeeded)
        {
            created = await users.AddToRoleAsync(user, BuiltInRoles.Admin);
            if (created.Succeeded)
            {
                LogAdminCreated(logger, user.Id);
            }
            else
            {
                // A user without the role would be a half-made admin that blocks a retry with the same email.
                await users.DeleteAsync(user);
            }
        }

        return created;
    }

    /// <summary>
    /// In one transaction under the administrative-changes lock: instances starting together would otherwise both
    /// create a missing role or add the same grant to admin.
    /// </summary>
    private async Task EnsureBuiltInRolesAsync(CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await AdministrativeChanges.SerializeAsync(db, cancellationToken);
        await CreateMissingBuiltInRolesAsync(cancellationToken);
        await ReconcileAdminRoleAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    private async Task CreateMissingBuiltInRolesAsync(CancellationToken cancellationToken)
    {
        var existing = await db.Roles.Select(r => r.Name).ToListAsync(cancellationToken);
        foreach (var (name, definition) in BuiltInRoles.Definitions)
        {
            if (existing.Contains(name))
            {
                continue;
            }

            var role = new OrdoRole { Id = Guid.CreateVersion7(), Name = name, Description = definition.Description, IsBuiltIn = true };
            Check(await roles.CreateAsync(role));
            foreach (var permission in definition.Permissions)
            {
                Check(await roles.AddClaimAsync(role, new System.Security.Claims.Claim(OrdoRole.PermissionClaimType, permission)));
            }
        }
    }

    /// <summary>
    /// An installation made by an earlier release has an admin role without the permissions added since (and maybe
    /// with some that were dropped); the API can't edit it, so this is where it follows the catalogue.
    /// </summary>
    private async Task ReconcileAdminRoleAsync(CancellationToken cancellationToken)
    {
        var admin = await db.Roles.SingleAsync(r => r.IsBuiltIn && r.Name == BuiltInRoles.Admin, cancellationToken);
        var granted = await db.RoleClaims
            .Where(c => c.RoleId == admin.Id && c.ClaimType == OrdoRole.PermissionClaimType)
            .Select(c => c.ClaimValue!)
            .ToListAsync(cancellationToken);
        var added = Permissions.All.Except(granted, StringComparer.Ordinal).ToList();
        var removed = granted.Except(Permissions.All, StringComparer.Ordinal).Distinct(StringComparer.Ordinal).ToList();
        foreach (var permission in added)
        {
            Check(await roles.AddClaimAsync(admin, new System.Security.Claims.Claim(OrdoRole.PermissionClaimType, permission)));
        }

        foreach (var permission in removed)
        {
            Check(await roles.RemoveClaimAsync(admin, new System.Security.Claims.Claim(OrdoRole.PermissionClaimType, permission)));
        }

        if (added.Count + removed.Count > 0)
        {
            LogAdminRoleReconciled(logger, added, removed);
        }
    }

    private async Task EnsureAdminClientAsync(CancellationToken cancellationToken)
    {
        var descriptor = new OpenIddictApplicationDescriptor
        {
            ClientId = AuthOptions.AdminClientId,
            ClientType = ClientTypes.Public,
            ConsentType = ConsentTypes.Implicit,
            DisplayName = "Ordo admin panel",
            Permissions =
            {
                OpenIddictConstants.Permissions.Endpoints.Authorization,
                OpenIddictConstants.Permissions.Endpoints.Token,
                OpenIddictConstants.Permissions.Endpoints.Revocation,
                OpenIddictConstants.Permissions.Endpoints.EndSession,
                OpenIddictConstants.Permissions.GrantTypes.AuthorizationCode,
                OpenIddictConstants.Permissions.GrantTypes.RefreshToken,
                OpenIddictConstants.Permissions.ResponseTypes.Code,
                OpenIddictConstants.Permissions.Prefixes.Scope + Scopes.OpenId,
                OpenIddictConstants.Permissions.Prefixes.Scope + Scopes.OfflineAccess,
            },
            Requirements = { Requirements.Features.ProofKeyForCodeExchange },
        };
        if (auth.Value.AllowPasswordGrant)
        {
            descriptor.Permissions.Add(OpenIddictConstants.Permissions.GrantTypes.Password);
        }

        foreach (var uri in adminClient.Value.RedirectUris)
        {
            descriptor.RedirectUris.Add(uri);
        }

        foreach (var uri in adminClient.Value.PostLogoutRedirectUris)
        {
            descriptor.PostLogoutRedirectUris.Add(uri);
        }

        // The panel this host serves at /admin (src/Ordo.Admin) comes back to it on the issuer's own origin; with no
        // fixed issuer (Development) the configuration lists its addresses.
        if (auth.Value.Issuer is { } issuer)
        {
            var panel = new Uri(issuer, "/admin/");
            descriptor.RedirectUris.Add(new Uri(panel, "signed-in"));
            descriptor.PostLogoutRedirectUris.Add(new Uri(panel, "signed-out"));
        }

        var application = await applications.FindByClientIdAsync(AuthOptions.AdminClientId, cancellationToken);
        if (application is null)
        {
            await applications.CreateAsync(descriptor, cancellationToken);
        }
        else
        {
            await applications.UpdateAsync(application, descriptor, cancellationToken);
        }
    }

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException(string.Join(" ", result.Errors.Select(e => e.Description)));
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Created administrator {UserId}")]
    private static partial void LogAdminCreated(ILogger logger, Guid userId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Brought the admin role up to the permission catalogue: granted {Added}, removed {Removed}")]
    private static partial void LogAdminRoleReconciled(ILogger logger, IEnumerable<string> added, IEnumerable<string> removed);
}
