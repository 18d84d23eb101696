using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Ordo.Api.Features.Identity.Administration;
using Ordo.Api.Features.Identity.Roles;
using Ordo.Api.Infrastructure.Authorization;
using Ordo.Api.Tests.Infrastructure;
using Ordo.Persistence;
using Ordo.Persistence.Identity;

namespace Ordo.Api.Tests.Administration;

/// <summary>The role use cases called directly, as a transport other than REST calls them (ADR 18).</summary>
public sealed class RoleUseCaseTests(SqliteApiFixture fixture) : ProviderTests(fixture), IClassFixture<SqliteApiFixture>
{
    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public async Task Deleting_a_role_treats_an_empty_if_match_as_not_sent(string? ifMatch)
    {
        using var scope = Fixture.Factory.Services.CreateScope();
        var services = scope.ServiceProvider;
        var role = new OrdoRole { Id = Guid.CreateVersion7(), Name = AdminTestSupport.UniqueName() };
        Assert.True((await services.GetRequiredService<RoleManager<OrdoRole>>().CreateAsync(role)).Succeeded);
        var db = services.GetRequiredService<OrdoDbContext>();

        var deleted = await DeleteRole.ExecuteAsync(role.Id, ifMatch, Administrator(services), db, Cancellation);

        Assert.True(deleted.IsSuccess, deleted.Error?.Code);
        Assert.False(await db.Roles.AnyAsync(r => r.Id == role.Id, Cancellation));
    }

    private static Administrator Administrator(IServiceProvider services) => new(
        new CallerAccess(CallerKind.Staff, "admin-sub", null, new HashSet<string>(Permissions.All, StringComparer.Ordinal)),
        services.GetRequiredService<AccessProfiles>(),
        services.GetRequiredService<ILoggerFactory>(),
        services.GetRequiredService<Ordo.Api.Infrastructure.Audit.AuditTrail>(),
        _ => { });
}
