using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Ordo.Api.Features.Webhooks;

namespace Ordo.Api.Tests.Webhooks;

/// <summary>The signature, the address policy and the outcome rules, without a database.</summary>
public sealed class WebhookRuleTests
{
    [Fact]
    public void The_signature_is_hex_HMAC_SHA256_of_the_timestamp_a_dot_and_the_raw_body_one_v1_per_secret_newest_first()
    {
        var body = Encoding.UTF8.GetBytes("""{"id":"x","type":"order.paid"}""");
        var header = WebhookSignature.HeaderValue(1_765_000_000, body, ["whsec_new", "whsec_old"]);

        var expectedNew = Convert.ToHexStringLower(HMACSHA256.HashData("whsec_new"u8.ToArray(), (byte[])[.. "1765000000."u8.ToArray(), .. body]));
        var expectedOld = Convert.ToHexStringLower(HMACSHA256.HashData("whsec_old"u8.ToArray(), (byte[])[.. "1765000000."u8.ToArray(), .. body]));
        Assert.Equal($"t=1765000000,v1={expectedNew},v1={expectedOld}", header);
    }

    [Fact]
    public void The_documented_verifier_accepts_either_secret_and_refuses_a_wrong_secret_a_changed_body_and_a_stale_timestamp()
    {
        var now = DateTimeOffset.UtcNow;
        var body = Encoding.UTF8.GetBytes("""{"id":"y"}""");
        var header = WebhookSignature.HeaderValue(now.ToUnixTimeSeconds(), body, ["whsec_a", "whsec_b"]);

        Assert.True(OrdoWebhookVerifier.Verify(header, body, ["whsec_a"], now));
        Assert.True(OrdoWebhookVerifier.Verify(header, body, ["whsec_other", "whsec_b"], now));
        Assert.False(OrdoWebhookVerifier.Verify(header, body, ["whsec_c"], now));
        Assert.False(OrdoWebhookVerifier.Verify(header, [.. body, (byte)' '], ["whsec_a"], now));
        Assert.False(OrdoWebhookVerifier.Verify(header, body, ["whsec_a"], now.AddSeconds(301)));
        Assert.True(OrdoWebhookVerifier.Verify(header, body, ["whsec_a"], now.AddSeconds(-300)));
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("127.8.9.10")]
    [InlineData("10.1.2.3")]
    [InlineData("172.16.0.1")]
    [InlineData("172.31.255.255")]
    [InlineData("192.168.1.1")]
    [InlineData("100.64.0.1")]
    [InlineData("169.254.169.254")]
    [InlineData("0.0.0.0")]
    [InlineData("224.0.0.1")]
    [InlineData("255.255.255.255")]
    [InlineData("::")]
    [InlineData("::1")]
    [InlineData("fc00::1")]
    [InlineData("fd12:3456::1")]
    [InlineData("fe80::1")]
    [InlineData("ff02::1")]
    [InlineData("::ffff:127.0.0.1")]
    [InlineData("::ffff:10.0.0.1")]
    [InlineData("::ffff:169.254.169.254")]
    [InlineData("64:ff9b::a00:1")]
    [InlineData("2002:7f00:1::1")] // 6to4 of 127.0.0.1
    [InlineData("2001:0:4136:e378:8000:63bf:3fff:fdd2")] // Teredo
    [InlineData("64:ff9b:1::a00:1")] // local-use NAT64
    [InlineData("100::1")] // discard
    [InlineData("::127.0.0.1")]
    public void Private_loopback_link_local_and_reserved_addresses_are_refused_also_inside_IPv6(string address)
    {
        Assert.False(WebhookAddressPolicy.IsPublic(IPAddress.Parse(address)));
        Assert.False(Policy().Allows(IPAddress.Parse(address)));
    }

    [Theory]
    [InlineData("93.184.215.14")]
    [InlineData("8.8.8.8")]
    [InlineData("172.32.0.1")]
    [InlineData("100.128.0.1")]
    [InlineData("2606:4700:4700::1111")]
    [InlineData("::ffff:8.8.8.8")]
    public void Public_addresses_are_allowed(string address) => Assert.True(Policy().Allows(IPAddress.Parse(address)));

    [Theory]
    [InlineData("127.0.0.1", true)]
    [InlineData("::ffff:127.0.0.1", true)]
    [InlineData("::1", false)]
    [InlineData("10.0.0.1", false)]
    public void A_configured_network_is_allowed_in_either_address_family_form(string address, bool allowed) =>
        Assert.Equal(allowed, Policy("127.0.0.0/8").Allows(IPAddress.Parse(address)));

    [Theory]
    [InlineData(200, null, WebhookVerdict.Succeeded)]
    [InlineData(204, null, WebhookVerdict.Succeeded)]
    [InlineData(500, null, WebhookVerdict.Retry)]
    [InlineData(503, null, WebhookVerdict.Retry)]
    [InlineData(408, null, WebhookVerdict.Retry)]
    [InlineData(429, null, WebhookVerdict.Retry)]
    [InlineData(400, null, WebhookVerdict.Failed)]
    [InlineData(404, null, WebhookVerdict.Failed)]
    [InlineData(410, null, WebhookVerdict.Gone)]
    [InlineData(302, WebhookFailures.Redirect, WebhookVerdict.Failed)]
    [InlineData(null, WebhookFailures.Timeout, WebhookVerdict.Retry)]
    [InlineData(null, WebhookFailures.Connection, WebhookVerdict.Retry)]
    [InlineData(null, WebhookFailures.RefusedByPolicy, WebhookVerdict.Failed)]
    public void Each_answer_has_its_verdict(int? status, string? failure, WebhookVerdict verdict) =>
        Assert.Equal(verdict, WebhookOutcomes.Classify(status, failure));

    [Fact]
    public void The_default_retry_schedule_spans_about_a_day()
    {
        var options = new WebhookOptions();
        var delays = Enumerable.Range(1, options.MaxAttempts - 1).Select(attempt => WebhookOutcomes.RetryDelay(attempt, options)).ToList();
        var total = delays.Aggregate(TimeSpan.Zero, (sum, delay) => sum + delay);

        Assert.InRange(total, TimeSpan.FromHours(20), TimeSpan.FromHours(25));
        Assert.All(delays.Zip(delays.Skip(1)), pair => Assert.True(pair.Second >= pair.First * 0.8));
    }

    private static WebhookAddressPolicy Policy(params string[] allowed)
    {
        var options = new WebhookOptions();
        foreach (var network in allowed)
        {
            options.AllowedNetworks.Add(network);
        }

        return new WebhookAddressPolicy(Options.Create(options));
    }
}
