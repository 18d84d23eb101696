using System.Net;
using Ordo.Api.Features.Identity.Users;
using Ordo.Api.Features.Products;
using Ordo.Api.Http;
using Ordo.Api.Infrastructure.Identity;
using Ordo.Api.Tests.Infrastructure;

namespace Ordo.Api.Tests.Platform;

/// <summary>
/// Where the document promises an ETag and 304 (users, clients, stock movements) the service sends them, and the
/// user actions that document If-Match honour it.
/// </summary>
public abstract class ConditionalRequestTests(ApiFixture fixture) : ProviderTests(fixture)
{
    [Fact]
    public async Task Users_clients_and_stock_movements_answer_304_to_their_current_etag()
    {
        var (_, userId) = await Fixture.Factory.CreateClientWithRolesAsync(["support"]);
        using var product = await Client.SendPostAsync("/api/v1/products", new
        {
            sku = HttpJson.Unique("ETAG"),
            name = "Mug",
            unitPrice = new { amount = 1999, currency = "EUR" },
            initialStock = 4,
        });
        var productId = (await product.ReadAsync<ProductResponse>(HttpStatusCode.Created)).Id;
        using var movements = await Client.GetAsync($"/api/v1/products/{productId}/stock-movements", Cancellation);
        var movementId = (await movements.ReadAsync<Page<StockMovementResponse>>(HttpStatusCode.OK)).Data[0].Id;

        foreach (var url in new[] { $"/api/v1/users/{userId}", $"/api/v1/clients/{AuthOptions.AdminClientId}", $"/api/v1/products/{productId}/stock-movements/{movementId}" })
        {
            using var first = await Client.GetAsync(url, Cancellation);
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
            var etag = first.ETag();

            using var conditional = new HttpRequestMessage(HttpMethod.Get, url);
            conditional.Headers.TryAddWithoutValidation("If-None-Match", etag);
            using var again = await Client.SendAsync(conditional, Cancellation);
            Assert.True(again.StatusCode == HttpStatusCode.NotModified, $"{url}: {(int)again.StatusCode}");
            Assert.Equal(etag, again.ETag());
        }
    }

    [Fact]
    public async Task Disabling_or_enabling_a_user_with_a_stale_etag_is_412_and_the_current_one_goes_through()
    {
        var (_, userId) = await Fixture.Factory.CreateClientWithRolesAsync(["support"]);
        var url = $"/api/v1/users/{userId}";
        using var read = await Client.GetAsync(url, Cancellation);
        var etag = read.ETag();

        using var bogus = await Client.SendPostAsync(url + "/disable", new { }, ifMatch: "\"bogus\"");
        var problem = await bogus.AssertProblemAsync(HttpStatusCode.PreconditionFailed, "precondition_failed");
        Assert.Equal(etag, problem.Extension<string>("currentETag"));

        using var disabled = await Client.SendPostAsync(url + "/disable", new { }, ifMatch: etag);
        Assert.True((await disabled.ReadAsync<UserResponse>(HttpStatusCode.OK)).Disabled);
        Assert.NotEqual(etag, disabled.ETag());

        using var stale = await Client.SendPostAsync(url + "/enable", new { }, ifMatch: etag);
        await stale.AssertProblemAsync(HttpStatusCode.PreconditionFailed, "precondition_failed");
        using var enabled = await Client.SendPostAsync(url + "/enable", new { }, ifMatch: disabled.ETag());
        Assert.False((await enabled.ReadAsync<UserResponse>(HttpStatusCode.OK)).Disabled);
    }
}

public sealed class ConditionalRequestsOnSqlite(SqliteApiFixture fixture) : ConditionalRequestTests(fixture), IClassFixture<SqliteApiFixture>;

public sealed class ConditionalRequestsOnPostgres(PostgresApiFixture fixture) : ConditionalRequestTests(fixture), IClassFixture<PostgresApiFixture>;
