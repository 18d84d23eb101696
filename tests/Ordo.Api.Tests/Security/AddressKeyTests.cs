using System.Net;
using Ordo.Api.Infrastructure.Pipeline;

namespace Ordo.Api.Tests.Security;

/// <summary>Which budget a client address counts against in the per-address limits.</summary>
public sealed class AddressKeyTests
{
    [Theory]
    [InlineData("2001:db8:1:2::1", "2001:db8:1:2:ffff:ffff:ffff:ffff")]
    [InlineData("2001:db8:1:2:aaaa::", "2001:db8:1:2::dead:beef")]
    public void IPv6_addresses_of_one_64_network_share_a_budget(string one, string other) =>
        Assert.Equal(AttemptLimits.AddressKey(IPAddress.Parse(one)), AttemptLimits.AddressKey(IPAddress.Parse(other)));

    [Fact]
    public void Other_IPv6_networks_and_IPv4_addresses_each_have_their_own()
    {
        Assert.NotEqual(AttemptLimits.AddressKey(IPAddress.Parse("2001:db8:1:2::1")), AttemptLimits.AddressKey(IPAddress.Parse("2001:db8:1:3::1")));
        Assert.NotEqual(AttemptLimits.AddressKey(IPAddress.Parse("192.0.2.1")), AttemptLimits.AddressKey(IPAddress.Parse("192.0.2.2")));
        Assert.Equal("192.0.2.1", AttemptLimits.AddressKey(IPAddress.Parse("::ffff:192.0.2.1")));
        Assert.Equal("unknown", AttemptLimits.AddressKey(null));
    }
}
