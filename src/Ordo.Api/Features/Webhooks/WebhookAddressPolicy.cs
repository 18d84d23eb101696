using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;

namespace Ordo.Api.Features.Webhooks;

/// <summary>
/// Which addresses webhook deliveries may reach (SSRF protection): public unicast only, unless a network is allowed in
/// <see cref="WebhookOptions.AllowedNetworks"/>. Refused: unspecified, loopback, private (RFC 1918, fc00::/7), CGNAT
/// (100.64.0.0/10), link-local (169.254.0.0/16 with the cloud metadata address, fe80::/10), multicast, broadcast and
/// reserved ranges, 6to4, Teredo and local-use NAT64, and the same addresses written as IPv4-mapped, IPv4-compatible
/// or NAT64 IPv6.
/// </summary>
public sealed class WebhookAddressPolicy(IOptions<WebhookOptions> options)
{
    private static readonly IPNetwork[] NonPublic =
    [
        IPNetwork.Parse("0.0.0.0/8"),
        IPNetwork.Parse("10.0.0.0/8"),
        IPNetwork.Parse("100.64.0.0/10"),
        IPNetwork.Parse("127.0.0.0/8"),
        IPNetwork.Parse("169.254.0.0/16"),
        IPNetwork.Parse("172.16.0.0/12"),
        IPNetwork.Parse("192.0.0.0/24"),
        IPNetwork.Parse("192.0.2.0/24"),
        IPNetwork.Parse("192.168.0.0/16"),
        IPNetwork.Parse("198.18.0.0/15"),
        IPNetwork.Parse("198.51.100.0/24"),
        IPNetwork.Parse("203.0.113.0/24"),
        IPNetwork.Parse("224.0.0.0/4"),
        IPNetwork.Parse("240.0.0.0/4"),
        IPNetwork.Parse("::/128"),
        IPNetwork.Parse("::1/128"),
        IPNetwork.Parse("fc00::/7"),
        IPNetwork.Parse("fe80::/10"),
        IPNetwork.Parse("fec0::/10"),
        IPNetwork.Parse("ff00::/8"),
        IPNetwork.Parse("2001:db8::/32"),
        // Transition and special ranges that can embed or route to an IPv4 address the checks above would refuse:
        // 6to4, Teredo, local-use NAT64, and the discard prefix. Obsolete for real receivers; refused whole.
        IPNetwork.Parse("2002::/16"),
        IPNetwork.Parse("2001::/32"),
        IPNetwork.Parse("64:ff9b:1::/48"),
        IPNetwork.Parse("100::/64"),
    ];

    private static readonly IPNetwork Nat64 = IPNetwork.Parse("64:ff9b::/96");
    private static readonly IPNetwork Ipv4Compatible = IPNetwork.Parse("::/96");

    private readonly IReadOnlyList<IPNetwork> _allowed = options.Value.AllowedNetworkList();

    /// <summary>Whether a delivery may connect to <paramref name="address"/>.</summary>
    public bool Allows(IPAddress address) => IsPublic(address) || IsAllowedByConfiguration(address);

    /// <summary>Public unicast: none of the refused ranges, also when an IPv4 address is embedded in IPv6.</summary>
    public static bool IsPublic(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        var embedded = EmbeddedIpv4(address);
        if (embedded is not null)
        {
            return IsPublic(embedded);
        }

        return !NonPublic.Any(network => network.BaseAddress.AddressFamily == address.AddressFamily && network.Contains(address));
    }

    private bool IsAllowedByConfiguration(IPAddress address)
    {
        var forms = EmbeddedIpv4(address) is { } embedded ? new[] { address, embedded } : [address];
        return forms.Any(form => _allowed.Any(network => network.BaseAddress.AddressFamily == form.AddressFamily && network.Contains(form)));
    }

    /// <summary>The IPv4 address inside an IPv4-mapped (::ffff:a.b.c.d), IPv4-compatible (::a.b.c.d) or NAT64 (64:ff9b::a.b.c.d) address.</summary>
    private static IPAddress? EmbeddedIpv4(IPAddress address)
    {
        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return null;
        }

        if (address.IsIPv4MappedToIPv6)
        {
            return address.MapToIPv4();
        }

        if (Nat64.Contains(address) || (Ipv4Compatible.Contains(address) && !address.Equals(IPAddress.IPv6None) && !address.Equals(IPAddress.IPv6Loopback)))
        {
            var bytes = address.GetAddressBytes();
            return new IPAddress(bytes.AsSpan(12, 4));
        }

        return null;
    }

    /// <summary>
    /// The connection step of the webhook HTTP client: resolves the host itself, drops every address the policy refuses,
    /// and connects to a checked address, so a name that resolves differently a moment later (DNS rebinding) can't steer
    /// the connection elsewhere. Nothing allowed: <see cref="WebhookTargetRefusedException"/>.
    /// </summary>
    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var host = context.DnsEndPoint.Host.Trim('[', ']');
        var addresses = IPAddress.TryParse(host, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, cancellationToken);
        var allowed = addresses.Where(Allows).ToList();
        if (allowed.Count == 0)
        {
            throw new WebhookTargetRefusedException();
        }

        SocketException? last = null;
        foreach (var address in allowed)
        {
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(new IPEndPoint(address, context.DnsEndPoint.Port), cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch (SocketException ex)
            {
                socket.Dispose();
                last = ex;
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }

        throw last!;
    }
}

/// <summary>The receiver's host resolved only to addresses the policy refuses.</summary>
public sealed class WebhookTargetRefusedException() : Exception("The receiver's address is not allowed (private, loopback, link-local or reserved).");
