using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Ordo.Api.Features.Orders;
using Ordo.Api.Http;
using Ordo.Api.Infrastructure.Idempotency;
using Ordo.Api.Tests.Infrastructure;
using Ordo.Persistence;

namespace Ordo.Api.Tests.Orders;

public abstract class OrderIdempotencyTests : ProviderTests
{
    protected OrderIdempotencyTests(ApiFixture fixture) : base(fixture) => Data = new OrderTestData(fixture, Client);

    private OrderTestData Data { get; }

    private static object OrderBody(Guid customer, Guid product, int quantity) => new
    {
        customerId = customer,
        currency = "EUR",
        lines = new[] { new { productId = product, quantity } },
    };

    [Fact]
    public async Task Repeating_a_request_with_its_key_replays_the_first_response_without_doing_the_work_again()
    {
        var customer = await Data.CustomerAsync();
        var product = await Data.ProductAsync(stock: 10);
        var key = Guid.NewGuid().ToString();

        var first = await Client.SendPostAsync("/api/v1/orders", OrderBody(customer, product.Id, 3), idempotencyKey: key);
        var second = await Client.SendPostAsync("/api/v1/orders", OrderBody(customer, product.Id, 3), idempotencyKey: key);

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        Assert.Equal(await first.Content.ReadAsStringAsync(Cancellation), await second.Content.ReadAsStringAsync(Cancellation));
        Assert.Equal(first.Headers.Location, second.Headers.Location);
        Assert.Equal("true", Assert.Single(second.Headers.GetValues("Idempotent-Replayed")));
        Assert.False(first.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal(3, (await Data.ProductByIdAsync(product.Id)).StockReserved);
    }

    [Fact]
    public async Task A_replayed_payment_records_one_payment_and_one_event()
    {
        var order = await Data.PendingOrderAsync();
        var key = Guid.NewGuid().ToString();
        var body = new { amount = order.Total, externalReference = "psp_42" };

        var first = await Client.SendPostAsync(OrderTestData.Url(order, "payment"), body, idempotencyKey: key);
        var again = await Client.SendPostAsync(OrderTestData.Url(order, "payment"), body, idempotencyKey: key);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        var events = await (await Client.GetAsync(OrderTestData.Url(order, "events"), Cancellation)).ReadAsync<Page<OrderEventResponse>>(HttpStatusCode.OK);
        Assert.Single(events.Data, e => e.Type == "order.paid");
    }

    [Fact]
    public async Task The_same_key_with_a_different_body_is_a_422()
    {
        var customer = await Data.CustomerAsync();
        var product = await Data.ProductAsync(stock: 10);
        var key = Guid.NewGuid().ToString();
        await (await Client.SendPostAsync("/api/v1/orders", OrderBody(customer, product.Id, 1), idempotencyKey: key)).JsonAsync(HttpStatusCode.Created);

        var different = await Client.SendPostAsync("/api/v1/orders", OrderBody(customer, product.Id, 2), idempotencyKey: key);

        await different.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "idempotency_key_reused");
        Assert.Equal(1, (await Data.ProductByIdAsync(product.Id)).StockReserved);
    }

    [Fact]
    public async Task A_request_waits_for_a_running_claim_of_its_key_and_does_the_work_when_that_one_rolls_back()
    {
        var customer = await Data.CustomerAsync();
        var product = await Data.ProductAsync(stock: 10);
        var key = Guid.NewGuid().ToString();
        var body = OrderBody(customer, product.Id, 1);
        using var scope = Fixture.Factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<OrdoDbContext>();
        var admin = await scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<Ordo.Persistence.Identity.OrdoUser>>()
            .FindByEmailAsync(TestAuth.AdminEmail);
        // A first attempt has claimed the key (keys are scoped to the caller: the admin the test client signs in as) and
        // is still working: its transaction is open. On PostgreSQL the duplicate waits on the key's row; on SQLite it
        // waits earlier, for the database's one write lock, which that open transaction holds.
        var running = await db.Database.BeginTransactionAsync(Cancellation);
        var claim = await scope.ServiceProvider.GetRequiredService<IdempotencyStore>()
            .ClaimAsync(admin!.Id.ToString(), key, await FingerprintOfAsync(body), Cancellation);
        Assert.Equal(ClaimOutcome.Claimed, claim.Outcome);

        var duplicate = Client.SendPostAsync("/api/v1/orders", body, idempotencyKey: key);
        await Task.Delay(TimeSpan.FromMilliseconds(500), Cancellation);
        Assert.False(duplicate.IsCompleted, "The duplicate should wait for the running attempt.");
        await running.RollbackAsync(Cancellation); // the first attempt fails, or its instance dies
        await running.DisposeAsync();

        using var response = await duplicate;
        await response.JsonAsync(HttpStatusCode.Created);
        Assert.False(response.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal(1, (await Data.ProductByIdAsync(product.Id)).StockReserved);
    }

    [Fact]
    public async Task Concurrent_requests_with_one_key_do_the_work_once_and_all_get_its_answer()
    {
        var customer = await Data.CustomerAsync();
        var product = await Data.ProductAsync(stock: 10);
        var key = Guid.NewGuid().ToString();

        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ =>
            Client.SendPostAsync("/api/v1/orders", OrderBody(customer, product.Id, 2), idempotencyKey: key)));

        var bodies = new List<string>();
        foreach (var response in responses)
        {
            bodies.Add(await response.Content.ReadAsStringAsync(Cancellation));
            Assert.True(response.StatusCode == HttpStatusCode.Created, $"{response.StatusCode}: {bodies[^1]}");
        }

        Assert.Single(bodies.Distinct());
        Assert.Single(responses, response => !response.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal(2, (await Data.ProductByIdAsync(product.Id)).StockReserved);
    }

    [Fact]
    public async Task A_key_whose_record_expired_is_claimed_afresh()
    {
        var customer = await Data.CustomerAsync();
        var product = await Data.ProductAsync(stock: 10);
        var key = Guid.NewGuid().ToString();
        using (var scope = Fixture.Factory.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<OrdoDbContext>();
            var admin = await scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<Ordo.Persistence.Identity.OrdoUser>>()
                .FindByEmailAsync(TestAuth.AdminEmail);
            var longAgo = DateTimeOffset.UtcNow.AddHours(-25);
            db.IdempotencyRecords.Add(new IdempotencyRecord
            {
                Caller = admin!.Id.ToString(),
                Key = key,
                RequestHash = "an earlier request",
                CreatedAt = longAgo,
                ExpiresAt = longAgo + IdempotencyStore.Retention,
                ResponseStatus = 201,
                ResponseBody = [],
            });
            await db.SaveChangesAsync(Cancellation);
        }

        using var response = await Client.SendPostAsync("/api/v1/orders", OrderBody(customer, product.Id, 1), idempotencyKey: key);

        await response.JsonAsync(HttpStatusCode.Created);
        Assert.False(response.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal(1, (await Data.ProductByIdAsync(product.Id)).StockReserved);
    }

    [Fact]
    public async Task A_rejected_request_does_not_use_up_its_key()
    {
        var customer = await Data.CustomerAsync();
        var product = await Data.ProductAsync(stock: 1);
        var key = Guid.NewGuid().ToString();

        var rejected = await Client.SendPostAsync("/api/v1/orders", OrderBody(customer, product.Id, 5), idempotencyKey: key);
        await rejected.AssertProblemAsync(HttpStatusCode.Conflict, "insufficient_stock");
        await (await Client.SendPostAsync($"/api/v1/products/{product.Id}/stock-adjustments", new { kind = "receipt", quantity = 10, reason = "restock" }))
            .JsonAsync(HttpStatusCode.Created);

        var retried = await Client.SendPostAsync("/api/v1/orders", OrderBody(customer, product.Id, 5), idempotencyKey: key);

        await retried.JsonAsync(HttpStatusCode.Created);
        Assert.False(retried.Headers.Contains("Idempotent-Replayed"));
    }

    [Fact]
    public async Task Keys_are_stored_in_the_database_with_the_response()
    {
        var customer = await Data.CustomerAsync();
        var product = await Data.ProductAsync(stock: 10);
        var key = Guid.NewGuid().ToString();

        await (await Client.SendPostAsync("/api/v1/orders", OrderBody(customer, product.Id, 1), idempotencyKey: key)).JsonAsync(HttpStatusCode.Created);

        using var scope = Fixture.Factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<OrdoDbContext>();
        var record = Assert.Single(db.IdempotencyRecords.Where(r => r.Key == key));
        Assert.Equal(201, record.ResponseStatus);
        Assert.True(record.ExpiresAt - record.CreatedAt == TimeSpan.FromHours(24));
    }

    [Fact]
    public async Task Stored_responses_keep_no_personal_data_in_clear_text()
    {
        var email = $"private-{Guid.NewGuid():N}@example.com";
        var key = Guid.NewGuid().ToString();

        var created = await Client.SendPostAsync("/api/v1/customers", new { name = "Grace", email }, idempotencyKey: key);
        await created.JsonAsync(HttpStatusCode.Created);
        var replayed = await Client.SendPostAsync("/api/v1/customers", new { name = "Grace", email }, idempotencyKey: key);

        Assert.Contains(email, await replayed.Content.ReadAsStringAsync(Cancellation), StringComparison.Ordinal);
        using var scope = Fixture.Factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<OrdoDbContext>();
        var stored = Assert.Single(db.IdempotencyRecords.Where(r => r.Key == key)).ResponseBody!;
        Assert.DoesNotContain(email, System.Text.Encoding.UTF8.GetString(stored), StringComparison.Ordinal);
        Assert.DoesNotContain(email, System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(
            System.Text.Encoding.UTF8.GetString(stored).Split(':').Last().Replace('-', '+').Replace('_', '/').PadRight(((System.Text.Encoding.UTF8.GetString(stored).Split(':').Last().Length + 3) / 4) * 4, '='))), StringComparison.Ordinal);
    }

    private static async Task<string> FingerprintOfAsync(object body)
    {
        // Same fingerprint as the service: method, path and the exact body bytes.
        using var hash = System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.SHA256);
        hash.AppendData(System.Text.Encoding.UTF8.GetBytes("POST /api/v1/orders\n"));
        hash.AppendData(await HttpJson.Body(body).ReadAsByteArrayAsync(TestContext.Current.CancellationToken));
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }
}

public sealed class OrderIdempotencyOnSqlite(SqliteApiFixture fixture) : OrderIdempotencyTests(fixture), IClassFixture<SqliteApiFixture>;

public sealed class OrderIdempotencyOnPostgres(PostgresApiFixture fixture) : OrderIdempotencyTests(fixture), IClassFixture<PostgresApiFixture>;
