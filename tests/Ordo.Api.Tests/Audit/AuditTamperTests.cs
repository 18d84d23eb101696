using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Ordo.Api.Infrastructure.Audit;
using Ordo.Api.Infrastructure.Jobs;
using Ordo.Api.Tests.Infrastructure;
using Ordo.Api.Tests.Orders;
using Ordo.Persistence;

namespace Ordo.Api.Tests.Audit;

/// <summary>
/// The database refuses edits and deletions of audit rows to the application; the table owner can switch that off,
/// and then verification names the first entry that was edited, deleted or moved. The tests share one database, so
/// each one puts back what it tampered with.
/// </summary>
public sealed class AuditTamperTests(PostgresApiFixture fixture) : ProviderTests(fixture), IClassFixture<PostgresApiFixture>
{
    private async Task<long> SomeEntriesAsync()
    {
        var data = new OrderTestData(Fixture, Client);
        await data.PayAsync(await data.PendingOrderAsync());
        var verification = await Client.VerificationAsync();
        Assert.True(verification.Intact, verification.FirstBreak?.Detail);
        return verification.LastSequence;
    }

    /// <summary>
    /// Saves the entries <paramref name="sequences"/>, runs <paramref name="tamper"/> as the table owner with the triggers
    /// off, verifies, and puts the saved entries back.
    /// </summary>
    private Task<Features.Audit.AuditVerificationResponse> VerifyTamperedAsync(string tamper, params long[] sequences) =>
        WhileTamperedAsync(tamper, sequences, Client.VerificationAsync);

    private async Task<T> WhileTamperedAsync<T>(string tamper, long[] sequences, Func<Task<T>> read)
    {
        var list = string.Join(", ", sequences);
        await AsOwnerWithoutTriggersAsync($"CREATE TABLE tamper_saved AS SELECT * FROM audit_entries WHERE sequence IN ({list}); {tamper}");
        try
        {
            return await read();
        }
        finally
        {
            await AsOwnerWithoutTriggersAsync(
                "DELETE FROM audit_entries WHERE id IN (SELECT id FROM tamper_saved); INSERT INTO audit_entries SELECT * FROM tamper_saved; DROP TABLE tamper_saved");
            Assert.True((await Client.VerificationAsync()).Intact);
        }
    }

    private async Task AsOwnerWithoutTriggersAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(Fixture.ConnectionString);
        await connection.OpenAsync(Cancellation);
        await using var command = new NpgsqlCommand(
            $"ALTER TABLE audit_entries DISABLE TRIGGER USER; {sql}; ALTER TABLE audit_entries ENABLE TRIGGER USER;", connection);
        await command.ExecuteNonQueryAsync(Cancellation);
    }

    [Theory]
    [InlineData("UPDATE audit_entries SET actor = 'someone-else'")]
    [InlineData("DELETE FROM audit_entries")]
    [InlineData("TRUNCATE audit_entries")]
    [InlineData("UPDATE audit_chain_head SET sequence = 0")]
    [InlineData("DELETE FROM audit_chain_head")]
    public async Task The_applications_connection_cannot_rewrite_or_remove_audit_rows(string sql)
    {
        await SomeEntriesAsync();
        using var scope = Fixture.Factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<OrdoDbContext>();

        var refused = await Assert.ThrowsAsync<PostgresException>(() => db.Database.ExecuteSqlRawAsync(sql, Cancellation));

        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, refused.SqlState);
        Assert.True((await Client.VerificationAsync()).Intact);
    }

    [Fact]
    public async Task The_hourly_checkpoint_job_says_it_skipped_when_no_checkpoint_key_is_configured()
    {
        await using var scope = Fixture.Factory.Services.CreateAsyncScope();
        var job = scope.ServiceProvider.GetRequiredService<AuditCheckpointJob>();

        var result = await job.RunAsync(new ScheduledRun(AuditCheckpointJob.JobName, DateTimeOffset.UtcNow, 1), Cancellation);

        Assert.Equal("""{"skipped":"Audit:CheckpointKey is not set"}""", result);
    }

    [Fact]
    public async Task The_nightly_verification_job_fails_naming_the_first_broken_entry()
    {
        var last = await SomeEntriesAsync();
        async Task<string?> RunJobAsync()
        {
            await using var scope = Fixture.Factory.Services.CreateAsyncScope();
            var job = scope.ServiceProvider.GetRequiredService<AuditVerificationJob>();
            return await job.RunAsync(new ScheduledRun(AuditVerificationJob.JobName, DateTimeOffset.UtcNow, 1), Cancellation);
        }

        Assert.Contains("\"entriesChecked\":", await RunJobAsync(), StringComparison.Ordinal);
        var failure = await WhileTamperedAsync(
            $"UPDATE audit_entries SET actor = 'forger' WHERE sequence = {last}", [last], () => Assert.ThrowsAsync<ScheduledJobException>(RunJobAsync));

        Assert.Equal($"Audit chain broken at entry {last} (hash_mismatch).", failure.Message);
    }

    [Fact]
    public async Task An_entry_edited_by_sql_is_reported_as_a_hash_mismatch_at_that_entry()
    {
        var last = await SomeEntriesAsync();
        var target = last - 1;

        var verification = await VerifyTamperedAsync($"UPDATE audit_entries SET ip_address = '198.51.100.66' WHERE sequence = {target}", target);

        Assert.False(verification.Intact);
        Assert.Equal((target, AuditBreakKinds.HashMismatch), (verification.FirstBreak!.Sequence, verification.FirstBreak.Kind));
        Assert.Equal(target - 1, verification.EntriesChecked);
        Assert.Equal(target - 1, verification.LastSequence);
    }

    [Fact]
    public async Task A_deleted_entry_is_reported_as_a_missing_sequence_number()
    {
        var last = await SomeEntriesAsync();
        var target = last - 1;

        var verification = await VerifyTamperedAsync($"DELETE FROM audit_entries WHERE sequence = {target}", target);

        Assert.Equal((target, AuditBreakKinds.MissingSequence), (verification.FirstBreak!.Sequence, verification.FirstBreak.Kind));
    }

    [Fact]
    public async Task Swapped_entries_are_reported_as_reordered_at_the_first_of_them()
    {
        var last = await SomeEntriesAsync();
        var (a, b) = (last - 2, last - 1);

        var verification = await VerifyTamperedAsync(
            $"UPDATE audit_entries SET sequence = -1 WHERE sequence = {a}; UPDATE audit_entries SET sequence = {a} WHERE sequence = {b}; UPDATE audit_entries SET sequence = {b} WHERE sequence = -1",
            a, b);

        Assert.Equal((a, AuditBreakKinds.Reordered), (verification.FirstBreak!.Sequence, verification.FirstBreak.Kind));
    }

    [Fact]
    public async Task Deleting_the_newest_entries_leaves_the_chain_head_disagreeing()
    {
        var last = await SomeEntriesAsync();

        var verification = await VerifyTamperedAsync($"DELETE FROM audit_entries WHERE sequence = {last}", last);

        Assert.Equal((last, AuditBreakKinds.HeadMismatch), (verification.FirstBreak!.Sequence, verification.FirstBreak.Kind));
    }
}

/// <summary>SQLite has no roles, but the same triggers refuse edits and deletions through the application's connection.</summary>
public sealed class AuditAppendOnlyOnSqliteTests(SqliteApiFixture fixture) : ProviderTests(fixture), IClassFixture<SqliteApiFixture>
{
    [Theory]
    [InlineData("UPDATE audit_entries SET actor = 'someone-else'")]
    [InlineData("DELETE FROM audit_entries")]
    public async Task The_applications_connection_cannot_rewrite_or_remove_audit_rows(string sql)
    {
        var data = new OrderTestData(Fixture, Client);
        await data.PendingOrderAsync();
        using var scope = Fixture.Factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<OrdoDbContext>();

        var refused = await Assert.ThrowsAsync<SqliteException>(() => db.Database.ExecuteSqlRawAsync(sql, Cancellation));

        Assert.Contains("append-only", refused.Message, StringComparison.Ordinal);
        Assert.True((await Client.VerificationAsync()).Intact);
    }
}
