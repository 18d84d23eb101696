using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;
using Ordo.Api.Infrastructure.Audit;
using Ordo.Api.Tests.Infrastructure;
using Ordo.Api.Tests.Orders;

namespace Ordo.Api.Tests.Audit;

/// <summary>A service with a checkpoint key of its own.</summary>
public sealed class SqliteWithCheckpointKey : SqliteApiFixture
{
    public byte[] Key { get; } = RandomNumberGenerator.GetBytes(32);

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Audit:CheckpointKey"] = Convert.ToBase64String(Key),
    };
}

/// <summary>Checkpoints: the chain's end, signed with a key the database never sees, written to the log stream.</summary>
public sealed class AuditCheckpointTests(SqliteWithCheckpointKey fixture) : ProviderTests(fixture), IClassFixture<SqliteWithCheckpointKey>
{
    [Fact]
    public async Task A_checkpoint_logs_the_head_sequence_and_hash_signed_with_the_configured_key()
    {
        var data = new OrderTestData(Fixture, Client);
        await data.PendingOrderAsync();
        var head = await Client.VerificationAsync();

        await using var scope = Fixture.Factory.Services.CreateAsyncScope();
        var checkpoints = scope.ServiceProvider.GetRequiredService<AuditCheckpoints>();
        var checkpoint = await checkpoints.WriteCheckpointAsync(Cancellation);

        Assert.True(checkpoint.Sequence >= head.LastSequence);
        Assert.True(checkpoint.IsSignedWith(fixture.Key));
        Assert.False(checkpoint.IsSignedWith(RandomNumberGenerator.GetBytes(32)));
        Assert.True(await checkpoints.HoldsAsync(checkpoint, Cancellation));
        Assert.False(await checkpoints.HoldsAsync(checkpoint with { HeadHash = new string('f', 64) }, Cancellation));
        var logged = Fixture.Factory.Services.GetFakeLogCollector().GetSnapshot()
            .Last(record => record.Category == typeof(AuditCheckpoints).FullName);
        Assert.Equal(Microsoft.Extensions.Logging.LogLevel.Information, logged.Level);
        Assert.Contains(checkpoint.Signature, logged.Message, StringComparison.Ordinal);
        Assert.Contains(checkpoint.HeadHash, logged.Message, StringComparison.Ordinal);
    }
}
