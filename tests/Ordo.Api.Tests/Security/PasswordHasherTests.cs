using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Ordo.Api.Infrastructure.Identity;
using Ordo.Persistence.Identity;

namespace Ordo.Api.Tests.Security;

public sealed class PasswordHasherTests
{
    // The cheapest parameters the format accepts: these tests are about inputs, not cost.
    private readonly Argon2idPasswordHasher<OrdoUser> _hasher =
        new(Options.Create(new PasswordHashingOptions { MemoryKiB = 8, Iterations = 1, Parallelism = 1 }));

    [Fact]
    public void An_empty_password_never_verifies_and_does_not_throw()
    {
        var hash = _hasher.HashPassword(new OrdoUser(), "correct horse battery staple");

        Assert.Equal(PasswordVerificationResult.Failed, _hasher.VerifyHashedPassword(new OrdoUser(), hash, ""));
        Assert.Equal(PasswordVerificationResult.Success, _hasher.VerifyHashedPassword(new OrdoUser(), hash, "correct horse battery staple"));
    }

    [Fact]
    public void Hashing_an_empty_password_is_refused_as_a_programming_error()
    {
        Assert.Throws<ArgumentException>(() => _hasher.HashPassword(new OrdoUser(), ""));
    }
}
