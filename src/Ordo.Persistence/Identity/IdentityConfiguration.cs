using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Ordo.Persistence.Identity;

/// <summary>
/// Identity and token-server tables. Emails and user names are personal data: stored encrypted, found through their
/// normalized form's keyed hash (the converter hashes query parameters the same way, so Identity's lookups work as is).
/// </summary>
internal static class IdentityConfiguration
{
    private const int ProtectedLength = 1024;

    public static void Configure(ModelBuilder model, IFieldProtector protector)
    {
        model.Entity<OrdoUser>(user =>
        {
            user.ToTable("users");
            user.Property(u => u.UserName).HasMaxLength(ProtectedLength)
                .HasConversion(name => name == null ? null : protector.Protect(name), stored => stored == null ? null : protector.Unprotect(stored));
            user.Property(u => u.Email).HasMaxLength(ProtectedLength)
                .HasConversion(email => email == null ? null : protector.Protect(email), stored => stored == null ? null : protector.Unprotect(stored));
            user.Property(u => u.NormalizedUserName).HasConversion(BlindIndex(protector));
            user.Property(u => u.NormalizedEmail).HasConversion(BlindIndex(protector));
            user.Property(u => u.PhoneNumber).HasMaxLength(ProtectedLength)
                .HasConversion(phone => phone == null ? null : protector.Protect(phone), stored => stored == null ? null : protector.Unprotect(stored));
            user.HasIndex(u => u.CustomerId).IsUnique();
            user.HasIndex(u => new { u.CreatedAt, u.Id });
        });
        // Passkeys are not offered (yet); their JSON-typed column does not map on every provider.
        model.Ignore<IdentityUserPasskey<Guid>>();
        model.Entity<OrdoRole>().ToTable("roles");
        model.Entity<IdentityUserRole<Guid>>().ToTable("user_roles");
        model.Entity<IdentityUserClaim<Guid>>().ToTable("user_claims");
        model.Entity<IdentityUserLogin<Guid>>().ToTable("user_logins");
        model.Entity<IdentityUserToken<Guid>>().ToTable("user_tokens");
        model.Entity<IdentityRoleClaim<Guid>>().ToTable("role_claims");
        model.Entity<Microsoft.AspNetCore.DataProtection.EntityFrameworkCore.DataProtectionKey>().ToTable("data_protection_keys");
        model.Entity<TokenKey>(key =>
        {
            key.ToTable("token_keys");
            key.HasKey(k => k.Id);
            key.Property(k => k.Id).HasMaxLength(64);
            key.Property(k => k.Algorithm).HasMaxLength(16);
            key.Property(k => k.Use).HasConversion<SnakeCaseEnumConverter<TokenKeyUse>>().HasMaxLength(16);
        });
        model.Entity<OpenIddict.EntityFrameworkCore.Models.OpenIddictEntityFrameworkCoreApplication<Guid>>().ToTable("oauth_applications");
        model.Entity<OpenIddict.EntityFrameworkCore.Models.OpenIddictEntityFrameworkCoreAuthorization<Guid>>().ToTable("oauth_authorizations");
        model.Entity<OpenIddict.EntityFrameworkCore.Models.OpenIddictEntityFrameworkCoreScope<Guid>>().ToTable("oauth_scopes");
        model.Entity<OpenIddict.EntityFrameworkCore.Models.OpenIddictEntityFrameworkCoreToken<Guid>>().ToTable("oauth_tokens");
    }

    // Null stays null; the hash is deterministic, so equality lookups and the unique index keep working.
    private static Microsoft.EntityFrameworkCore.Storage.ValueConversion.ValueConverter<string?, string?> BlindIndex(IFieldProtector protector) =>
        new(normalized => normalized == null ? null : protector.BlindIndex(normalized), stored => stored);
}
