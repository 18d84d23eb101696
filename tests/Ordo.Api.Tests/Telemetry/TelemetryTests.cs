using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Trace;
using Ordo.Api.Features.Orders;
using Ordo.Api.Infrastructure.Authorization;
using Ordo.Api.Tests.Infrastructure;
using Ordo.Api.Tests.Orders;

namespace Ordo.Api.Tests.Telemetry;

/// <summary>
/// What the service tells an operator: business counters at <c>/metrics</c> on the management port, counted once
/// the change committed, and traces of requests that hold their database commands.
/// </summary>
public abstract class TelemetryTests(ApiFixture fixture) : ProviderTests(fixture)
{
    private ITelemetryFixture Telemetry => (ITelemetryFixture)Fixture;

    [Fact]
    public async Task After_orders_payments_a_cancellation_a_refund_a_stock_out_a_failed_sign_in_and_a_rate_limited_request_the_counters_say_so()
    {
        // An administrator of its own: the place-order limit counts per caller.
        var (client, _) = await Fixture.Factory.CreateClientWithRolesAsync([BuiltInRoles.Admin]);
        var data = new OrderRuleData(Fixture, client);
        var before = await MetricsScrape.OnManagementPortAsync(Fixture.Factory, Cancellation);

        var paid = await data.PaidAsync(price: 2_000);
        var cancelled = await data.PlacedAsync(price: 1_500);
        Assert.Equal(HttpStatusCode.OK, (await client.CancelOrderAsync(cancelled)).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await client.RefundOrderAsync(paid, 750)).StatusCode);
        var scarce = await data.ProductAsync(stock: 1);
        var refusedForStock = await client.PlaceOrderAsync(await data.CustomerAsync(), "EUR", null, (scarce.Id, 2));
        Assert.Equal(HttpStatusCode.Conflict, refusedForStock.StatusCode);
        // Place-order's limit for this caller is three: two placements and the stock-out used it up.
        var limited = await client.PlaceOrderAsync(await data.CustomerAsync(), "EUR", null, (scarce.Id, 1));
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        using var anonymous = Fixture.CreateAnonymousClient();
        var wrongPassword = await TestAuth.PasswordGrantAsync(anonymous, TestAuth.AdminEmail, "not-" + TestAuth.AdminPassword, cancellationToken: Cancellation);
        Assert.Equal(400, wrongPassword.Status);

        var after = await MetricsScrape.OnManagementPortAsync(Fixture.Factory, Cancellation);
        double Delta(string name, params (string, string)[] labels) => after.Sum(name, labels) - before.Sum(name, labels);
        var eur = ("currency", "EUR");
        Assert.Equal(2, Delta("ordo_orders_placed_total", eur));
        Assert.Equal(1, Delta("ordo_orders_paid_total", eur));
        Assert.Equal(1, Delta("ordo_orders_cancelled_total", eur));
        Assert.Equal(paid.Total.Amount / 100.0, Delta("ordo_revenue_total", eur), precision: 6);
        Assert.Equal(7.5, Delta("ordo_refunds_total", eur), precision: 6);
        Assert.Equal(1, Delta("ordo_orders_stock_outs_total"));
        Assert.Equal(1, Delta("ordo_rate_limit_rejections_total", ("policy", "place-order")));
        Assert.Equal(1, Delta("ordo_identity_sign_in_failures_total", ("reason", "wrong_password")));
        Assert.Equal(0, Delta("ordo_orders_expired_total", eur));
        // The standard instrumentations are there too: the HTTP server, the runtime.
        Assert.Contains(after.Samples, s => s.Name == "http_server_request_duration_seconds_count" && s.Labels.GetValueOrDefault("http_route")?.TrimStart('/').TrimEnd('/') == "api/v1/orders");
        Assert.Contains(after.Samples, s => s.Name.StartsWith("dotnet_gc_", StringComparison.Ordinal));
        Assert.Contains(after.Samples, s => s.Name == "ordo_identity_signing_key_expiry_seconds");
    }

    [Fact]
    public async Task Metrics_are_not_served_on_the_API_port()
    {
        using var anonymous = Fixture.CreateAnonymousClient();
        using var response = await anonymous.GetAsync(new Uri("/metrics", UriKind.Relative), Cancellation);

        Assert.NotEqual(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain("# TYPE", await response.Content.ReadAsStringAsync(Cancellation), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_trace_of_placing_an_order_holds_the_request_and_its_database_commands()
    {
        var data = new OrderRuleData(Fixture, Client);
        var customer = await data.CustomerAsync();
        var product = await data.ProductAsync(stock: 10);
        var traceId = ActivityTraceId.CreateRandom();
        var body = HttpJson.Body(System.Text.Json.JsonSerializer.Serialize(new { customerId = customer, lines = new[] { new { productId = product.Id, quantity = 1 } } }));
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/orders") { Content = body };
        request.Headers.Add("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom()}-01");
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());

        using var response = await Client.SendAsync(request, Cancellation);
        await response.ReadAsync<OrderResponse>(HttpStatusCode.Created);

        var spans = await Telemetry.SpansOfAsync(traceId, span => span.Kind == ActivityKind.Server, Cancellation);
        var server = Assert.Single(spans, span => span.Kind == ActivityKind.Server);
        Assert.Equal("POST", server.GetTagItem("http.request.method"));
        Assert.Equal(201, server.GetTagItem("http.response.status_code"));
        var database = spans.Where(span => span.Source.Name.Contains("EntityFrameworkCore", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(database);
        Assert.All(database, span => Assert.Equal(ActivityKind.Client, span.Kind));
        Assert.Contains(database, span => span.GetTagItem("db.system.name") is not null || span.GetTagItem("db.system") is not null);
    }

    /// <summary>A service of its own (the counters are its alone) that also keeps its spans in memory.</summary>
    public interface ITelemetryFixture
    {
        Task<IReadOnlyList<Activity>> SpansOfAsync(ActivityTraceId traceId, Func<Activity, bool> until, CancellationToken cancellationToken);
    }

    internal sealed class Spans
    {
        private readonly ConcurrentQueue<Activity> _exported = new();

        public static IReadOnlyDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>(OrderRuleSettings.Values)
        {
            ["RateLimits:PlaceOrder:PermitLimit"] = "3",
            ["RateLimits:PlaceOrder:IpPermitLimit"] = "1000",
            ["RateLimits:PlaceOrder:Window"] = "01:00:00",
            ["Management:Port"] = $"{MetricsScrape.ManagementPort}",
        };

        public ICollection<Activity> Exported => new QueueAdapter(_exported);

        public void AddTo(IServiceCollection services) => services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(Exported));

        /// <summary>The spans of the trace exported so far, once one matches <paramref name="until"/> (spans end after the answer is sent).</summary>
        public async Task<IReadOnlyList<Activity>> OfAsync(ActivityTraceId traceId, Func<Activity, bool> until, CancellationToken cancellationToken)
        {
            while (true)
            {
                var spans = _exported.Where(span => span.TraceId == traceId).ToList();
                if (spans.Any(until))
                {
                    return spans;
                }

                await Task.Delay(TimeSpan.FromMilliseconds(50), cancellationToken);
            }
        }

        private sealed class QueueAdapter(ConcurrentQueue<Activity> queue) : ICollection<Activity>
        {
            public int Count => queue.Count;

            public bool IsReadOnly => false;

            public void Add(Activity item) => queue.Enqueue(item);

            public void Clear() => queue.Clear();

            public bool Contains(Activity item) => queue.Contains(item);

            public void CopyTo(Activity[] array, int arrayIndex) => queue.CopyTo(array, arrayIndex);

            public bool Remove(Activity item) => throw new NotSupportedException();

            public IEnumerator<Activity> GetEnumerator() => queue.GetEnumerator();

            System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
        }
    }
}

public sealed class TelemetryOnSqlite(TelemetryOnSqlite.SqliteTelemetry fixture) : TelemetryTests(fixture), IClassFixture<TelemetryOnSqlite.SqliteTelemetry>
{
    public sealed class SqliteTelemetry : SqliteApiFixture, TelemetryTests.ITelemetryFixture
    {
        private readonly Spans _spans = new();

        protected override IReadOnlyDictionary<string, string?> Settings => Spans.Settings;

        public Task<IReadOnlyList<Activity>> SpansOfAsync(ActivityTraceId traceId, Func<Activity, bool> until, CancellationToken cancellationToken) =>
            _spans.OfAsync(traceId, until, cancellationToken);

        protected override void ConfigureServices(IServiceCollection services) => _spans.AddTo(services);
    }
}

public sealed class TelemetryOnPostgres(TelemetryOnPostgres.PostgresTelemetry fixture) : TelemetryTests(fixture), IClassFixture<TelemetryOnPostgres.PostgresTelemetry>
{
    public sealed class PostgresTelemetry : PostgresApiFixture, TelemetryTests.ITelemetryFixture
    {
        private readonly Spans _spans = new();

        protected override IReadOnlyDictionary<string, string?> Settings => Spans.Settings;

        public Task<IReadOnlyList<Activity>> SpansOfAsync(ActivityTraceId traceId, Func<Activity, bool> until, CancellationToken cancellationToken) =>
            _spans.OfAsync(traceId, until, cancellationToken);

        protected override void ConfigureServices(IServiceCollection services) => _spans.AddTo(services);
    }
}
