using System.Data.Common;
using System.Net;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Ordo.Api.Features.Products;
using Ordo.Api.Tests.Infrastructure;
using Ordo.Persistence;

namespace Ordo.Api.Tests.ScaleOut;

/// <summary>Holds the next product read, once armed, after the database answered it and before the rows are used.</summary>
public sealed class HeldProductRead : DbCommandInterceptor
{
    private TaskCompletionSource? _release;

    public TaskCompletionSource Reached { get; private set; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public TaskCompletionSource Arm()
    {
        Reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _release = release;
        return release;
    }

    public override async ValueTask<DbDataReader> ReaderExecutedAsync(
        DbCommand command, CommandExecutedEventData eventData, DbDataReader result, CancellationToken cancellationToken = default)
    {
        if (command.CommandText.Contains("FROM \"products\"", StringComparison.Ordinal) && Interlocked.Exchange(ref _release, null) is { } release)
        {
            Reached.TrySetResult();
            await release.Task;
        }

        return result;
    }
}

public sealed class SqliteWithHeldProductRead : SqliteApiFixture
{
    public HeldProductRead Reads { get; } = new();

    protected override void ConfigureServices(IServiceCollection services) =>
        services.ConfigureDbContext<OrdoDbContext>(options => options.AddInterceptors(Reads));
}

/// <summary>
/// A read that fetched a product just before a change committed finishes after the change's eviction: its old row is
/// served to its own caller but must not be cached, or every later read would get it for the entry's 30 s.
/// </summary>
public sealed class CacheReadRaceTests(SqliteWithHeldProductRead fixture) : IClassFixture<SqliteWithHeldProductRead>
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_read_that_overlapped_a_change_does_not_cache_the_old_row()
    {
        var admin = fixture.CreateClient();
        var created = await admin.SendPostAsync("/api/v1/products", new
        {
            sku = HttpJson.Unique("RACE"),
            name = "Old name",
            unitPrice = new { amount = 1_000, currency = "EUR" },
            initialStock = 1,
        });
        var product = await created.ReadAsync<ProductResponse>(HttpStatusCode.Created);
        var url = new Uri($"/api/v1/products/{product.Id}", UriKind.Relative);

        var release = fixture.Reads.Arm();
        var slowRead = admin.GetAsync(url, Cancellation); // a miss: the row is read, then held in the interceptor
        await fixture.Reads.Reached.Task.WaitAsync(TimeSpan.FromSeconds(10), Cancellation);
        (await admin.PatchAsync(url.ToString(), """{"name":"New name"}""", created.ETag())).EnsureSuccessStatusCode();
        release.SetResult();
        var stale = await (await slowRead).ReadAsync<ProductResponse>(HttpStatusCode.OK);
        var next = await (await admin.GetAsync(url, Cancellation)).ReadAsync<ProductResponse>(HttpStatusCode.OK);

        Assert.Equal(("Old name", "New name"), (stale.Name, next.Name));
    }

    [Fact]
    public async Task A_product_that_does_not_exist_is_not_cached()
    {
        var id = Guid.NewGuid();

        var missing = await fixture.CreateClient().GetAsync(new Uri($"/api/v1/products/{id}", UriKind.Relative), Cancellation);

        await missing.AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        var cache = fixture.Factory.Services.GetRequiredService<ZiggyCreatures.Caching.Fusion.IFusionCache>();
        Assert.False((await cache.TryGetAsync<GetProduct.CachedProduct?>(
            Ordo.Api.Infrastructure.SharedState.CatalogueCacheInvalidation.ProductKey(id), token: Cancellation)).HasValue);
    }
}
