using System.Net;
using Ordo.Api.Tests.Infrastructure;

namespace Ordo.Api.Tests.Platform;

/// <summary>The interactive docs and the OpenAPI document: on by default in Development only, switched by <c>ApiDocs:Enabled</c>.</summary>
public sealed class ApiDocsSwitchTests
{
    [Theory]
    [InlineData("Production", null, false)]
    [InlineData("Staging", null, false)]
    [InlineData("Development", null, true)]
    [InlineData("Production", "true", true)]
    [InlineData("Development", "false", false)]
    public async Task The_docs_are_served_by_default_only_in_Development_unless_ApiDocs_Enabled_says_otherwise(string environment, string? enabled, bool served)
    {
        await WithServiceAsync(
            new Dictionary<string, string?> { ["environment"] = environment, ["ApiDocs:Enabled"] = enabled, ["Seed:OnEmptyDatabase"] = "false" },
            async factory =>
            {
                var anonymous = factory.CreateAnonymousClient();
                foreach (var path in new[] { "/openapi/v1.json", "/docs/" })
                {
                    var status = (await anonymous.GetAsync(path, TestContext.Current.CancellationToken)).StatusCode;
                    Assert.True(served ? status == HttpStatusCode.OK : status is HttpStatusCode.NotFound or HttpStatusCode.Unauthorized, $"{environment}: GET {path} answered {(int)status}");
                }
            });
    }

    [Fact]
    public async Task With_api_docs_disabled_neither_the_document_nor_the_reference_is_served()
    {
        await WithServiceAsync(new Dictionary<string, string?> { ["ApiDocs:Enabled"] = "false" }, async factory =>
        {
            var anonymous = factory.CreateAnonymousClient();
            var admin = factory.CreateClientFor(TestAuth.AdminEmail, TestAuth.AdminPassword);

            foreach (var path in new[] { "/openapi/v1.json", "/docs" })
            {
                Assert.NotEqual(HttpStatusCode.OK, (await anonymous.GetAsync(path, TestContext.Current.CancellationToken)).StatusCode);
                Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync(path, TestContext.Current.CancellationToken)).StatusCode);
            }
        });
    }

    /// <summary>A throw-away SQLite service with these settings (<c>environment</c> included).</summary>
    internal static async Task WithServiceAsync(Dictionary<string, string?> settings, Func<OrdoApiFactory, Task> test)
    {
        var directory = Path.Combine(Path.GetTempPath(), "ordo-tests", Guid.NewGuid().ToString("N"));
        try
        {
            await using var factory = new OrdoApiFactory("Sqlite", $"Data Source={Path.Combine(directory, "ordo.db")}", settings);
            await test(factory);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
    }
}
