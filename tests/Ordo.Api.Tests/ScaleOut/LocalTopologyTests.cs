using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;
using Ordo.Api.Tests.Infrastructure;
using Ordo.Api.Tests.Webhooks;

namespace Ordo.Api.Tests.ScaleOut;

/// <summary>
/// A real deployment through nginx in front of two instances (deploy/local): both serve; a database outage and Redis
/// gone. The crash has a topology of its own (<see cref="LocalTopologyCrashTests"/>): it leaves one instance dead.
/// </summary>
[Collection(LocalTopologyFixture.Collection)]
public sealed class LocalTopologyTests(LocalTopologyFixture topology) : LocalTopologyClient(topology), IClassFixture<LocalTopologyFixture>
{
    [Fact]
    public async Task Requests_through_nginx_are_answered_by_both_instances()
    {
        Topology.SkipWhenUnavailable();
        using var client = await AdminClientAsync();

        // Each request asks for a product that does not exist, by an id of its own, and the instance that answers writes
        // that path in its log (not the trace id: an instance has been seen to log a trace of its own instead of the
        // request's traceparent). Requests go on (up to 100) until both have answered one: nginx rests an instance for
        // 2 s after a failed attempt (max_fails=1), which an earlier suite's outage may just have caused.
        var paths = new List<string>();
        bool AnsweredBy(int instance)
        {
            var log = Topology.InstanceLog(instance);
            return paths.Any(path => log.Contains(path, StringComparison.Ordinal));
        }

        for (var i = 0; i < 100 && !(i >= 10 && AnsweredBy(1) && AnsweredBy(2)); i++)
        {
            var path = $"/api/v1/products/{Guid.NewGuid()}";
            using var response = await client.GetAsync(new Uri(path.TrimStart('/'), UriKind.Relative), Cancellation);
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            paths.Add(path);
            await Task.Delay(i < 10 ? 0 : 100, Cancellation);
        }

        foreach (var instance in new[] { 1, 2 })
        {
            var log = Topology.InstanceLog(instance);
            Assert.True(AnsweredBy(instance), $"Instance {instance} answered none of the {paths.Count} requests; its log ends: {log[Math.Max(0, log.Length - 3000)..]}");
        }
    }

    [Fact]
    public async Task Two_processes_deliver_every_webhook_event_exactly_once_and_take_each_job_slot_once()
    {
        Topology.SkipWhenUnavailable();
        await using var receiver = await WebhookReceiver.StartAsync();
        var endpoint = receiver.Endpoint();
        using var client = await AdminClientAsync();
        var subscription = await client.SubscribeAsync(endpoint.Url, "*");
        var productId = await CreateAsync(client, "/api/v1/products", new
        {
            sku = HttpJson.Unique("HOOK"),
            name = "Webhook mug",
            unitPrice = new { amount = 1_000, currency = "EUR" },
            initialStock = 1_000,
        });
        var customerId = await CreateAsync(client, "/api/v1/customers", new { email = $"c-{Guid.NewGuid():N}@ordo.test", name = "Hooked" });

        // Through nginx, round robin: both processes write events, and both run an outbox dispatcher and a webhook worker.
        var orders = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => PlaceUntilAnsweredAsync(client, customerId, productId)));

        var expected = await WebhookTestExtensions.EventuallyAsync(async () =>
        {
            var published = await OrderEventIdsAsync(orders);
            var received = endpoint.Received.Where(r => orders.Contains(r.Event.Subject)).ToList();
            return published.Count == orders.Length && received.Count >= published.Count ? published : null;
        }, "every order's event at the receiver");

        var ids = endpoint.Received.Select(r => Guid.Parse(r.EventId)).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.Equal(expected.Order(), endpoint.Received.Where(r => orders.Contains(r.Event.Subject)).Select(r => r.Event.Id).Order());
        Assert.All(endpoint.Received, r => Assert.True(r.VerifiesWith(subscription.Secret)));
        // Each (job, slot) is one row, the claim; none was run a second time by the other process.
        Assert.Equal(0, await ScalarAsync("SELECT count(*) FROM job_runs WHERE attempt > 1 OR status <> 'succeeded' AND status <> 'running'"));
        Assert.True(await ScalarAsync("SELECT count(*) FROM job_runs") > 0);
    }

    private async Task<List<Guid>> OrderEventIdsAsync(Guid[] orders)
    {
        await using var connection = new NpgsqlConnection(Topology.DirectConnectionString);
        await connection.OpenAsync(Cancellation);
        await using var command = new NpgsqlCommand("SELECT id FROM outbox_messages WHERE partition_key = ANY(@partitions)", connection);
        command.Parameters.AddWithValue("partitions", orders.Select(o => $"order:{o}").ToArray());
        var ids = new List<Guid>();
        await using var reader = await command.ExecuteReaderAsync(Cancellation);
        while (await reader.ReadAsync(Cancellation))
        {
            ids.Add(reader.GetGuid(0));
        }

        return ids;
    }

    private async Task<long> ScalarAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(Topology.DirectConnectionString);
        await connection.OpenAsync(Cancellation);
        await using var command = new NpgsqlCommand(sql, connection);
        return (long)(await command.ExecuteScalarAsync(Cancellation))!;
    }

    [Fact]
    public async Task While_the_database_is_out_of_reach_readiness_fails_requests_get_503_and_both_recover_by_themselves()
    {
        Topology.SkipWhenUnavailable();
        using var client = await AdminClientAsync();
        (await client.GetAsync(new Uri("api/v1/products", UriKind.Relative), Cancellation)).EnsureSuccessStatusCode();

        Topology.Relay.Cut();
        try
        {
            using var ready = await client.GetAsync(new Uri("health/ready", UriKind.Relative), Cancellation);
            using var list = await client.GetAsync(new Uri("api/v1/customers?limit=5", UriKind.Relative), Cancellation);

            Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
            await list.AssertProblemAsync(HttpStatusCode.ServiceUnavailable, "database_unavailable");
            Assert.NotNull(list.Headers.RetryAfter);
        }
        finally
        {
            Topology.Relay.Restore();
        }

        var clock = Stopwatch.StartNew();
        while ((await client.GetAsync(new Uri("api/v1/customers?limit=5", UriKind.Relative), Cancellation)).StatusCode != HttpStatusCode.OK)
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), "The service did not recover once the database was back.");
            await Task.Delay(200, Cancellation);
        }
    }

    [Fact]
    public async Task With_Redis_stopped_reads_and_orders_keep_working()
    {
        Topology.SkipWhenUnavailable();
        using var client = await AdminClientAsync();
        var productId = await CreateAsync(client, "/api/v1/products", new
        {
            sku = HttpJson.Unique("NOREDIS"),
            name = "Mug",
            unitPrice = new { amount = 1_000, currency = "EUR" },
            initialStock = 10,
        });
        var customerId = await CreateAsync(client, "/api/v1/customers", new { email = $"c-{Guid.NewGuid():N}@ordo.test", name = "Shopper" });

        Topology.StopRedis();

        for (var i = 0; i < 4; i++)
        {
            (await client.GetAsync(new Uri($"api/v1/products/{productId}", UriKind.Relative), Cancellation)).EnsureSuccessStatusCode();
        }

        await PlaceUntilAnsweredAsync(client, customerId, productId);
    }
}

/// <summary>An instance killed while clients place orders through nginx, on a topology of its own.</summary>
[Collection(LocalTopologyFixture.Collection)]
public sealed class LocalTopologyCrashTests(LocalTopologyFixture topology) : LocalTopologyClient(topology), IClassFixture<LocalTopologyFixture>
{
    [Fact]
    public async Task Killing_an_instance_mid_load_loses_no_acknowledged_order_and_duplicates_none()
    {
        Topology.SkipWhenUnavailable();
        using var client = await AdminClientAsync();
        var productId = await CreateAsync(client, "/api/v1/products", new
        {
            sku = HttpJson.Unique("KILL"),
            name = "Crash test mug",
            unitPrice = new { amount = 1_000, currency = "EUR" },
            initialStock = 100_000,
        });

        // This topology is fresh: a few orders through nginx (round robin: both instances) warm both up first, so the
        // eight seconds of load below measure a running service, not its first requests.
        var warmUp = await CreateAsync(client, "/api/v1/customers", new { email = $"c-{Guid.NewGuid():N}@ordo.test", name = "Warm-up" });
        const int warmUpOrders = 4;
        for (var i = 0; i < warmUpOrders; i++)
        {
            await PlaceUntilAnsweredAsync(client, warmUp, productId);
        }

        // Four shoppers place orders one after another, each retrying with the same Idempotency-Key until it is
        // acknowledged; one instance is killed while they run.
        var acknowledged = new ConcurrentDictionary<Guid, ConcurrentBag<Guid>>();
        var load = Stopwatch.StartNew();
        var shoppers = Enumerable.Range(0, 4).Select(async _ =>
        {
            var customerId = await CreateAsync(client, "/api/v1/customers", new { email = $"c-{Guid.NewGuid():N}@ordo.test", name = "Shopper" });
            var orders = acknowledged.GetOrAdd(customerId, _ => []);
            while (load.Elapsed < TimeSpan.FromSeconds(8))
            {
                orders.Add(await PlaceUntilAnsweredAsync(client, customerId, productId));
            }
        }).ToList();
        await Task.Delay(TimeSpan.FromSeconds(3), Cancellation);
        await Topology.KillInstanceAsync(1);
        await Task.WhenAll(shoppers);

        var total = 0;
        foreach (var (customerId, orders) in acknowledged)
        {
            var stored = await OrderIdsOfAsync(client, customerId);
            Assert.Equal(orders.Order(), stored.Order()); // every acknowledged order once, and no order nobody was told of
            total += orders.Count;
        }

        await using var db = new NpgsqlConnection(Topology.DirectConnectionString);
        await db.OpenAsync(Cancellation);
        await using var stock = new NpgsqlCommand(
            "SELECT stock_on_hand, stock_reserved, (SELECT count(*) FROM order_lines WHERE product_id = @id) FROM products WHERE id = @id", db);
        stock.Parameters.AddWithValue("id", productId);
        await using var row = await stock.ExecuteReaderAsync(Cancellation);
        Assert.True(await row.ReadAsync(Cancellation));
        var (onHand, reserved, lines) = (row.GetInt32(0), row.GetInt32(1), row.GetInt64(2));
        Assert.True(total > 50, $"Only {total} orders were placed; the load did not run.");
        Assert.Equal((100_000, total + warmUpOrders, (long)total + warmUpOrders), (onHand, reserved, lines));
        TestContext.Current.SendDiagnosticMessage($"{total} orders acknowledged");
    }
}

/// <summary>What the topology suites do as a client: sign in as the bootstrap administrator, create, place orders.</summary>
public abstract class LocalTopologyClient(LocalTopologyFixture topology)
{
    protected LocalTopologyFixture Topology { get; } = topology;

    protected static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    /// <summary>
    /// Places one order, retrying with the same key while the answer is lost or says "try again". A key claimed by a
    /// request that died with its instance is free again as soon as the database drops that connection.
    /// </summary>
    protected static async Task<Guid> PlaceUntilAnsweredAsync(HttpClient client, Guid customerId, Guid productId)
    {
        var key = Guid.NewGuid().ToString();
        var lastAnswer = "none";
        for (var attempt = 0; attempt < 100; attempt++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "api/v1/orders")
            {
                Content = JsonContent.Create(new { customerId, currency = "EUR", lines = new[] { new { productId, quantity = 1 } } }),
            };
            request.Headers.Add("Idempotency-Key", key);
            try
            {
                using var response = await client.SendAsync(request, Cancellation);
                if (response.StatusCode == HttpStatusCode.Created)
                {
                    return (await response.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("id").GetGuid();
                }

                var body = await response.Content.ReadAsStringAsync(Cancellation);
                Assert.True((int)response.StatusCode >= 500, $"Unexpected answer {(int)response.StatusCode}: {body}");
                lastAnswer = $"{(int)response.StatusCode}: {body}";
            }
            catch (HttpRequestException exception)
            {
                // The connection broke with the instance: the answer is lost, so ask again with the same key.
                lastAnswer = exception.Message;
            }

            await Task.Delay(50, Cancellation);
        }

        throw new InvalidOperationException($"The order was never answered; the last attempt got {lastAnswer}.");
    }

    protected async Task<HttpClient> AdminClientAsync()
    {
        var client = new HttpClient { BaseAddress = Topology.BaseAddress };
        var token = await TestAuth.PasswordGrantAsync(client, "admin@ordo.localhost", Topology.AdminPassword, cancellationToken: Cancellation);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token.AccessToken);
        return client;
    }

    protected static async Task<Guid> CreateAsync(HttpClient client, string url, object body)
    {
        using var response = await client.PostAsJsonAsync(url.TrimStart('/'), body, Cancellation);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync(Cancellation));
        return (await response.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("id").GetGuid();
    }

    protected static async Task<List<Guid>> OrderIdsOfAsync(HttpClient client, Guid customerId)
    {
        var ids = new List<Guid>();
        string? cursor = null;
        do
        {
            var page = await client.GetFromJsonAsync<JsonElement>(
                $"api/v1/orders?customerId={customerId}&limit=200" + (cursor is null ? "" : $"&cursor={Uri.EscapeDataString(cursor)}"), Cancellation);
            ids.AddRange(page.GetProperty("data").EnumerateArray().Select(order => order.GetProperty("id").GetGuid()));
            cursor = page.TryGetProperty("nextCursor", out var next) && next.ValueKind == JsonValueKind.String ? next.GetString() : null;
        }
        while (cursor is not null);

        return ids;
    }
}
