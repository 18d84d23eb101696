using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Ordo.Api.Features.Audit;
using Ordo.Api.Infrastructure.Audit;
using Ordo.Api.Tests.Infrastructure;
using Ordo.Api.Tests.Orders;
using Ordo.Persistence;

namespace Ordo.Api.Tests.Audit;

/// <summary>
/// Writers take turns at the chain head, so concurrent audited requests on PostgreSQL still make one chain: every
/// sequence number once, each entry following the one before it.
/// </summary>
public sealed class AuditConcurrencyTests(PostgresApiFixture fixture) : ProviderTests(fixture), IClassFixture<PostgresApiFixture>
{
    [Fact]
    public async Task Forty_concurrent_audited_requests_make_one_unbroken_chain_without_duplicate_sequence_numbers()
    {
        var data = new OrderTestData(Fixture, Client);
        // One product each: the chain head is the only row the requests share.
        var products = new List<Guid>();
        for (var i = 0; i < 40; i++)
        {
            products.Add((await data.ProductAsync(stock: 100)).Id);
        }

        var responses = await Task.WhenAll(Enumerable.Range(0, 40).Select(i => Client.SendPostAsync(
            $"/api/v1/products/{products[i % products.Count]}/stock-adjustments",
            new { kind = "receipt", quantity = 1, reason = $"Delivery {i}" })));

        Assert.All(responses, response => Assert.Equal(HttpStatusCode.Created, response.StatusCode));
        using var scope = Fixture.Factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<OrdoDbContext>();
        var chain = await db.AuditEntries.AsNoTracking().OrderBy(e => e.Sequence).ToListAsync(Cancellation);
        Assert.Equal(Enumerable.Range(1, chain.Count).Select(n => (long)n), chain.Select(e => e.Sequence));
        Assert.Equal(40, chain.Count(e => e.Action == AuditActions.StockAdjusted && products.Contains(Guid.Parse(e.ResourceId!))
            && e.Changes!.Contains("\"quantity\":{\"after\":1}", StringComparison.Ordinal)));
        Assert.Equal(chain.Count, chain.Select(e => e.PreviousHash).Distinct().Count());
        var verification = await Client.VerificationAsync();
        Assert.True(verification.Intact, verification.FirstBreak?.Detail);
        Assert.Equal(chain.Count, verification.EntriesChecked);
    }

    [Fact]
    public async Task Verifying_while_audited_requests_commit_reports_an_intact_chain()
    {
        var data = new OrderTestData(Fixture, Client);
        var product = (await data.ProductAsync(stock: 100)).Id;
        using var writing = CancellationTokenSource.CreateLinkedTokenSource(Cancellation);
        var writer = Task.Run(
            async () =>
            {
                while (!writing.IsCancellationRequested)
                {
                    (await Client.SendPostAsync($"/api/v1/products/{product}/stock-adjustments", new { kind = "receipt", quantity = 1, reason = "Restock" }))
                        .EnsureSuccessStatusCode();
                }
            },
            CancellationToken.None);

        var verifications = new List<AuditVerificationResponse>();
        for (var i = 0; i < 15; i++)
        {
            verifications.Add(await Client.VerificationAsync());
        }

        await writing.CancelAsync();
        await writer;
        Assert.All(verifications, v => Assert.True(v.Intact, v.FirstBreak?.Detail));
    }
}
