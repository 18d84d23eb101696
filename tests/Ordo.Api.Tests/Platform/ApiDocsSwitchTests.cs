using System.Net;
using Ordo.Api.Tests.Infrastructure;

namespace Ordo.Api.Tests.Platform;

/// <summary>The interactive docs and the OpenAPI document are public by default and can be switched off (e.g. in Production).</summary>
public sealed class ApiDocsSwitchTests
{
    [Fact]
    public async Task With_api_docs_disabled_neither_the_document_nor_the_reference_is_served()
    {
        var directory = Path.Combine(Path.GetTempPath(), "ordo-tests", Guid.NewGuid().ToString("N"));
        try
        {
            await using var factory = new OrdoApiFactory(
                "Sqlite", $"Data Source={Path.Combine(directory, "ordo.db")}", new Dictionary<string, string?> { ["ApiDocs:Enabled"] = "false" });
            var anonymous = factory.CreateAnonymousClient();
            var admin = factory.CreateClientFor(TestAuth.AdminEmail, TestAuth.AdminPassword);

            foreach (var path in new[] { "/openapi/v1.json", "/docs" })
            {
                Assert.NotEqual(HttpStatusCode.OK, (await anonymous.GetAsync(path, TestContext.Current.CancellationToken)).StatusCode);
                Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync(path, TestContext.Current.CancellationToken)).StatusCode);
            }
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
