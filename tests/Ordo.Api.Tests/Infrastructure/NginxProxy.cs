using System.Diagnostics;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Ordo.Api.Tests.Infrastructure;

/// <summary>
/// A real nginx (the Debian package) on loopback, terminating TLS for <see cref="HostName"/> on a free port and
/// proxying to a service as a reverse proxy in front of Ordo would: it sets <c>X-Forwarded-For</c> (appending the
/// address it saw), <c>X-Forwarded-Proto</c> and <c>X-Forwarded-Host</c>. Without nginx the tests are skipped,
/// except under CI (<c>CI=true</c>), where they fail.
/// </summary>
public sealed class NginxProxy : IAsyncDisposable
{
    public const string HostName = "ordo.test";

    private readonly Process _process;
    private readonly DirectoryInfo _directory;

    private NginxProxy(Process process, DirectoryInfo directory, int port, X509Certificate2 certificate)
    {
        _process = process;
        _directory = directory;
        Port = port;
        Certificate = certificate;
    }

    public int Port { get; }

    /// <summary>The public address clients use (resolved to loopback by <see cref="CreateClient"/>).</summary>
    public Uri BaseAddress => new($"https://{HostName}:{Port}/");

    private X509Certificate2 Certificate { get; }

    /// <summary>nginx's binary, or null when it is not installed.</summary>
    public static string? FindBinary() =>
        new[] { "/usr/sbin/nginx" }
            .Concat((Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator).Select(directory => Path.Combine(directory, "nginx")))
            .FirstOrDefault(File.Exists);

    /// <summary>Skips the calling test when nginx is missing (fails instead under CI).</summary>
    public static string RequireBinary()
    {
        var binary = FindBinary();
        if (binary is not null)
        {
            return binary;
        }

        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException("CI=true but nginx is not installed: the reverse-proxy tests must run in CI (see .ci/run).");
        }

        const string reason = "Reverse-proxy tests skipped: nginx is not installed (Debian: apt-get install nginx) to run them.";
        TestContext.Current.SendDiagnosticMessage(reason);
        Assert.Skip(reason);
        return null!;
    }

    /// <summary>Starts nginx in front of <paramref name="upstream"/> (http on loopback) and waits until it accepts connections.</summary>
    public static async Task<NginxProxy> StartAsync(Uri upstream)
    {
        var binary = RequireBinary();
        var directory = Directory.CreateTempSubdirectory("ordo-nginx-");
        // Workers run as an unprivileged user when the tests run as root: they must reach the temp paths.
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(directory.FullName, (UnixFileMode)0b111_111_111); // rwxrwxrwx
        }
        var certificate = SelfSignedCertificate();
        await File.WriteAllTextAsync(Path.Combine(directory.FullName, "cert.pem"), certificate.ExportCertificatePem());
        using (var key = certificate.GetECDsaPrivateKey()!)
        {
            await File.WriteAllTextAsync(Path.Combine(directory.FullName, "key.pem"), key.ExportPkcs8PrivateKeyPem());
        }

        var port = FreePort();
        var root = directory.FullName;
        await File.WriteAllTextAsync(Path.Combine(root, "nginx.conf"), $$"""
            daemon off;
            worker_processes 1;
            pid {{root}}/nginx.pid;
            error_log {{root}}/error.log warn;
            events { worker_connections 64; }
            http {
                access_log off;
                client_body_temp_path {{root}}/client_body;
                proxy_temp_path {{root}}/proxy;
                fastcgi_temp_path {{root}}/fastcgi;
                uwsgi_temp_path {{root}}/uwsgi;
                scgi_temp_path {{root}}/scgi;
                server {
                    listen 127.0.0.1:{{port}} ssl;
                    server_name {{HostName}};
                    ssl_certificate {{root}}/cert.pem;
                    ssl_certificate_key {{root}}/key.pem;
                    location / {
                        proxy_pass {{upstream.GetLeftPart(UriPartial.Authority)}};
                        proxy_set_header Host $host;
                        proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
                        proxy_set_header X-Forwarded-Proto $scheme;
                        proxy_set_header X-Forwarded-Host $host;
                    }
                }
            }
            """);

        var start = new ProcessStartInfo(binary)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "-p", root, "-c", Path.Combine(root, "nginx.conf"), "-e", Path.Combine(root, "error.log") })
        {
            start.ArgumentList.Add(argument);
        }

        var proxy = new NginxProxy(Process.Start(start)!, directory, port, certificate);
        await proxy.WaitUntilListeningAsync();
        return proxy;
    }

    /// <summary>
    /// A client that connects from <paramref name="source"/> (an address in 127.0.0.0/8, so each test client is a
    /// different peer for nginx) to <paramref name="target"/> on loopback, whatever host its URLs name; it trusts
    /// only this proxy's certificate, keeps cookies and follows no redirects.
    /// </summary>
    public HttpClient CreateClient(IPAddress source) => CreateClientTo(source, BaseAddress, Port, Certificate);

    /// <summary>A client from <paramref name="source"/> straight to a plain-HTTP service on loopback, bypassing the proxy.</summary>
    public static HttpClient CreateDirectClient(IPAddress source, Uri service) => CreateClientTo(source, service, service.Port, certificate: null);

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        Certificate.Dispose();
        _directory.Delete(recursive: true);
    }

    private static HttpClient CreateClientTo(IPAddress source, Uri baseAddress, int port, X509Certificate2? certificate)
    {
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = true,
            CookieContainer = new CookieContainer(),
            ConnectCallback = async (_, cancellationToken) =>
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                try
                {
                    socket.Bind(new IPEndPoint(source, 0));
                    await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
            SslOptions = new SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = (_, presented, _, _) =>
                    certificate is not null && presented is not null && presented.GetCertHashString() == certificate.GetCertHashString(),
            },
        };
        return new HttpClient(handler) { BaseAddress = baseAddress };
    }

    private async Task WaitUntilListeningAsync()
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                break;
            }

            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(100);
            }
        }

        var log = Path.Combine(_directory.FullName, "error.log");
        Assert.Fail("nginx did not start listening: " + (File.Exists(log) ? await File.ReadAllTextAsync(log) : "(no error log)")
            + await _process.StandardError.ReadToEndAsync());
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static X509Certificate2 SelfSignedCertificate()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={HostName}", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName(HostName);
        request.CertificateExtensions.Add(names.Build());
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
    }
}
