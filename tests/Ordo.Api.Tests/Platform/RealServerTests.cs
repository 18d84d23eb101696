using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Ordo.Api.Tests.Administration;
using Ordo.Api.Tests.Infrastructure;

namespace Ordo.Api.Tests.Platform;

public sealed class SqliteKestrelFixture : SqliteApiFixture
{
    protected override bool RealServer => true;
}

public sealed class PostgresKestrelFixture : PostgresApiFixture
{
    protected override bool RealServer => true;
}

/// <summary>What only the real web server shows: bodies it refuses to send, raw header bytes, connections it closes.</summary>
public abstract class RealServerTests(ApiFixture fixture) : ProviderTests(fixture)
{
    private FakeLogCollector Logs => Fixture.Factory.Services.GetRequiredService<FakeLogCollector>();

    [Fact]
    public async Task Every_204_from_a_state_change_and_its_replay_completes_cleanly_without_an_error_log()
    {
        var (roleId, _) = await AdminTestSupport.CreateRoleAsync(Client, "catalog.read");
        var created = await Client.SendPostAsync("/api/v1/clients", new { displayName = "Short-lived", scopes = new[] { "catalog.read" } });
        var clientId = (await created.JsonAsync(HttpStatusCode.Created)).GetProperty("clientId").GetString();
        var (userId, _, _) = await AdminTestSupport.CreateStaffAsync(Client, "warehouse");
        Logs.Clear();

        foreach (var url in new[] { $"/api/v1/roles/{roleId}", $"/api/v1/clients/{clientId}", $"/api/v1/users/{userId}/sessions", $"/api/v1/users/{userId}/mfa" })
        {
            var key = Guid.NewGuid().ToString();
            foreach (var attempt in new[] { "first", "replay" })
            {
                using var request = new HttpRequestMessage(HttpMethod.Delete, url);
                request.Headers.Add("Idempotency-Key", key);

                using var response = await Client.SendAsync(request, Cancellation);

                Assert.True(response.StatusCode == HttpStatusCode.NoContent, $"DELETE {url} ({attempt}) answered {(int)response.StatusCode}");
                Assert.Empty(await response.Content.ReadAsByteArrayAsync(Cancellation));
                Assert.NotEqual(true, response.Headers.ConnectionClose);
                Assert.Equal(attempt == "replay", response.Headers.Contains("Idempotent-Replayed"));
            }
        }

        Assert.DoesNotContain(Logs.GetSnapshot(), record => record.Level >= LogLevel.Error);
    }

    [Theory]
    [InlineData("X-Note", new byte[] { 0xC3, 0xA9, 0x74, 0xC3, 0xA9 })] // "été" in UTF-8
    [InlineData("X-Note", new byte[] { 0x63, 0x61, 0x66, 0xE9 })] // "café" in Latin-1
    [InlineData("User-Agent", new byte[] { 0x62, 0x6F, 0x74, 0xFF })]
    public async Task A_header_with_non_ASCII_bytes_answers_400_problem_json_naming_the_header(string header, byte[] value)
    {
        Logs.Clear();

        var (status, headers, body) = await RawGetAsync("/health/live", header, value);

        Assert.Equal(400, status);
        Assert.Equal("application/problem+json", headers["content-type"].Split(';')[0]);
        var problem = JsonDocument.Parse(body).RootElement;
        Assert.Equal("invalid_header", problem.GetProperty("code").GetString());
        Assert.Equal(Problems("invalid_header"), problem.GetProperty("type").GetString());
        Assert.Contains(header, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(header, problem.GetProperty("header").GetString());
        Assert.DoesNotContain(Logs.GetSnapshot(), record => record.Level >= LogLevel.Error);
    }

    [Fact]
    public async Task Clients_that_give_up_mid_request_leave_no_error_log()
    {
        var data = new Orders.OrderRuleData(Fixture, Client);
        for (var i = 0; i < 20; i++)
        {
            await data.PlacedAsync(price: 1_000);
        }

        (await Client.GetAsync("/api/v1/orders?limit=200", Cancellation)).EnsureSuccessStatusCode();
        Logs.Clear();

        // Each gives up at a different moment: before the query, during it, while the answer is written.
        var attempts = Enumerable.Range(0, 60).Select(async i =>
        {
            using var giveUp = new CancellationTokenSource(TimeSpan.FromMilliseconds(1 + (i % 30)));
            try
            {
                using var response = await Client.GetAsync("/api/v1/orders?limit=200", giveUp.Token);
                await response.Content.ReadAsByteArrayAsync(giveUp.Token);
            }
            catch (OperationCanceledException)
            {
            }
        });
        await Task.WhenAll(attempts);
        await Task.Delay(500, Cancellation); // the server notices the closed connections

        Assert.DoesNotContain(Logs.GetSnapshot(), record => record.Level >= LogLevel.Error);
    }

    [Fact]
    public async Task HEAD_over_the_wire_sends_the_GET_headers_and_no_body()
    {
        var (status, headers, body) = await RawRequestAsync("HEAD", "/health/live", []);

        Assert.Equal(200, status);
        Assert.StartsWith("application/json", headers["content-type"], StringComparison.Ordinal);
        Assert.Empty(body);
    }

    private static string Problems(string code) => "https://ordo.dev/problems/" + code;

    private Task<(int Status, Dictionary<string, string> Headers, string Body)> RawGetAsync(string path, string header, byte[] value) =>
        RawRequestAsync("GET", path, [.. Encoding.ASCII.GetBytes(header + ": "), .. value, .. "\r\n"u8]);

    /// <summary>One HTTP/1.1 request written byte for byte, so that nothing on the client side cleans up the header.</summary>
    private async Task<(int Status, Dictionary<string, string> Headers, string Body)> RawRequestAsync(string method, string path, byte[] extraHeaderLines)
    {
        var address = new Uri(Fixture.Factory.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First());
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(address.Host, address.Port, Cancellation);
        var stream = tcp.GetStream();
        byte[] request = [.. Encoding.ASCII.GetBytes($"{method} {path} HTTP/1.1\r\nHost: {address.Authority}\r\nConnection: close\r\n"), .. extraHeaderLines, .. "\r\n"u8];
        await stream.WriteAsync(request, Cancellation);

        using var reader = new StreamReader(stream, Encoding.UTF8);
        var response = await reader.ReadToEndAsync(Cancellation);
        var split = response.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        var head = response[..split].Split("\r\n");
        var headers = head.Skip(1).Select(line => line.Split(':', 2)).ToDictionary(pair => pair[0].Trim().ToLowerInvariant(), pair => pair[1].Trim());
        var body = response[(split + 4)..];
        if (headers.TryGetValue("transfer-encoding", out var encoding) && encoding == "chunked")
        {
            body = Unchunk(body);
        }

        return (int.Parse(head[0].Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture), headers, body);
    }

    private static string Unchunk(string chunked)
    {
        var result = new StringBuilder();
        var position = 0;
        while (true)
        {
            var lineEnd = chunked.IndexOf("\r\n", position, StringComparison.Ordinal);
            var size = Convert.ToInt32(chunked[position..lineEnd], 16);
            if (size == 0)
            {
                return result.ToString();
            }

            result.Append(chunked, lineEnd + 2, size);
            position = lineEnd + 2 + size + 2;
        }
    }
}

public sealed class RealServerOnSqlite(SqliteKestrelFixture fixture) : RealServerTests(fixture), IClassFixture<SqliteKestrelFixture>;

public sealed class RealServerOnPostgres(PostgresKestrelFixture fixture) : RealServerTests(fixture), IClassFixture<PostgresKestrelFixture>;
