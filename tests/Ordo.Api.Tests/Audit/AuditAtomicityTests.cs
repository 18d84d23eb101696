using System.Data.Common;
using System.Net;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Ordo.Api.Features.Orders;
using Ordo.Api.Infrastructure.Audit;
using Ordo.Api.Tests.Infrastructure;
using Ordo.Api.Tests.Orders;
using Ordo.Persistence;

namespace Ordo.Api.Tests.Audit;

/// <summary>Fails the next commit once armed: the fault falls between a request's state change and its commit.</summary>
public sealed class FailingCommit : DbTransactionInterceptor
{
    private int _armed;

    public void FailNext() => Interlocked.Exchange(ref _armed, 1);

    public override ValueTask<InterceptionResult> TransactionCommittingAsync(
        DbTransaction transaction, TransactionEventData eventData, InterceptionResult result, CancellationToken cancellationToken = default) =>
        Interlocked.Exchange(ref _armed, 0) == 1
            ? throw new InvalidOperationException("Injected fault between the change and its commit.")
            : ValueTask.FromResult(result);
}

public interface IFailingCommitFixture
{
    /// <summary>No background commit (outbox dispatch, scheduled jobs) may take the fault meant for the request.</summary>
    static readonly IReadOnlyDictionary<string, string?> NoBackgroundCommits = new Dictionary<string, string?>
    {
        ["Jobs:Enabled"] = "false",
        ["Outbox:Dispatch"] = "false",
        ["Webhooks:Deliver"] = "false",
    };

    FailingCommit Fault { get; }
}

public sealed class SqliteWithFailingCommit : SqliteApiFixture, IFailingCommitFixture
{
    public FailingCommit Fault { get; } = new();

    protected override IReadOnlyDictionary<string, string?> Settings => IFailingCommitFixture.NoBackgroundCommits;

    protected override void ConfigureServices(IServiceCollection services) =>
        services.ConfigureDbContext<OrdoDbContext>(options => options.AddInterceptors(Fault));
}

public sealed class PostgresWithFailingCommit : PostgresApiFixture, IFailingCommitFixture
{
    public FailingCommit Fault { get; } = new();

    protected override IReadOnlyDictionary<string, string?> Settings => IFailingCommitFixture.NoBackgroundCommits;

    protected override void ConfigureServices(IServiceCollection services) =>
        services.ConfigureDbContext<OrdoDbContext>(options => options.AddInterceptors(Fault));
}

/// <summary>The audit entry of a change commits with it or not at all.</summary>
public abstract class AuditAtomicityTests : ProviderTests
{
    private readonly FailingCommit _fault;

    protected AuditAtomicityTests(ApiFixture fixture) : base(fixture) => _fault = ((IFailingCommitFixture)fixture).Fault;

    [Fact]
    public async Task A_fault_between_a_payment_and_its_commit_leaves_neither_the_payment_nor_its_audit_entry()
    {
        var data = new OrderTestData(Fixture, Client);
        var order = await data.PendingOrderAsync();

        _fault.FailNext();
        using var failed = await Client.SendPostAsync(OrderTestData.Url(order, "payment"), new
        {
            amount = order.Total,
            externalReference = "psp_" + Guid.NewGuid().ToString("N"),
        }, idempotencyKey: Guid.NewGuid().ToString());

        Assert.Equal(HttpStatusCode.InternalServerError, failed.StatusCode);
        using var reread = await Client.GetAsync($"/api/v1/orders/{order.Id}", Cancellation);
        Assert.Equal("unpaid", (await reread.ReadAsync<OrderResponse>(HttpStatusCode.OK)).PaymentStatus);
        Assert.Empty(await Client.EntriesAsync($"action=order.paid&resourceType={AuditResources.Order}&resourceId={order.Id}"));
        Assert.True((await Client.VerificationAsync()).Intact);

        await data.PayAsync(order);
        Assert.Single(await Client.EntriesAsync($"action=order.paid&resourceType={AuditResources.Order}&resourceId={order.Id}"));
        Assert.True((await Client.VerificationAsync()).Intact);
    }
}

public sealed class AuditAtomicityOnSqlite(SqliteWithFailingCommit fixture) : AuditAtomicityTests(fixture), IClassFixture<SqliteWithFailingCommit>;

public sealed class AuditAtomicityOnPostgres(PostgresWithFailingCommit fixture) : AuditAtomicityTests(fixture), IClassFixture<PostgresWithFailingCommit>;
