using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Playwright;
using Ordo.Api.Tests.Infrastructure;

namespace Ordo.Api.Tests.AdminPanel;

/// <summary>
/// Ordo on SQLite behind real Kestrel over HTTPS (a throwaway certificate for localhost on a free port), with the admin
/// panel at <c>/admin</c>, and Debian's Chromium driven by Playwright. Nothing downloads a browser: without
/// <c>/usr/bin/chromium</c> the suite is skipped, except under CI (<c>CI=true</c>), where it fails.
/// </summary>
public class PanelFixture : SqliteApiFixture
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private readonly X509Certificate2 _certificate = CreateCertificate();
    private readonly int _port = FreePort();
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public Uri BaseAddress => new($"https://localhost:{_port}/");

    /// <summary>Where the browser opens the panel (<c>admin/...</c> below it): the host itself unless a deployment of its own serves it.</summary>
    public virtual Uri PanelOrigin => BaseAddress;

    /// <summary>The throwaway certificate (for localhost and 127.0.0.1) the host presents.</summary>
    protected X509Certificate2 Certificate => _certificate;

    /// <summary>Screenshots land in <c>artifacts/admin-panel/</c> (not committed).</summary>
    public static string ArtifactsDirectory { get; } = Path.Combine(RepositoryFiles.Root, "artifacts", "admin-panel");

    protected override IReadOnlyDictionary<string, string?>? Settings => new Dictionary<string, string?>
    {
        // The issuer is the address the browser uses; the panel's redirect URIs follow from it.
        ["Auth:Issuer"] = BaseAddress.ToString(),
    };

    public IBrowser Browser => _browser ?? throw new InvalidOperationException("Fixture not initialised.");

    public override async ValueTask InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
            {
                throw new InvalidOperationException($"CI=true but {ChromiumPath} is missing: the admin panel's browser tests must run in CI (apt-get install chromium; see .ci/run).");
            }

            UnavailableReason = $"Admin panel browser tests skipped: {ChromiumPath} is missing (apt-get install chromium).";
            return;
        }

        await base.InitializeAsync();
        Environment.SetEnvironmentVariable("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            // Root in a container has no user namespaces for Chromium's sandbox.
            Args = ["--no-sandbox"],
        });
    }

    protected override void Start(OrdoApiFactory factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        factory.StartKestrelOverHttps(_certificate, _port);
    }

    /// <summary>A fresh browser context (no cookies) of the given width that accepts the throwaway certificate.</summary>
    public Task<IBrowserContext> NewContextAsync(int width = 1280, int height = 900) =>
        Browser.NewContextAsync(new BrowserNewContextOptions
        {
            IgnoreHTTPSErrors = true,
            ViewportSize = new ViewportSize { Width = width, Height = height },
            BaseURL = PanelOrigin.ToString(),
        });

    /// <summary>A new page that records what the browser says (console, page errors, failed requests) for failure messages.</summary>
    public static async Task<IPage> NewPageAsync(IBrowserContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var page = await context.NewPageAsync();
        var log = new System.Collections.Concurrent.ConcurrentQueue<string>();
        Logs.Add(page, log);
        page.Console += (_, message) => log.Enqueue($"console {message.Type}: {message.Text}");
        page.PageError += (_, error) => log.Enqueue($"page error: {error}");
        page.RequestFailed += (_, request) => log.Enqueue($"request failed: {request.Method} {request.Url} {request.Failure}");
        page.Response += (_, response) => log.Enqueue($"{response.Status} {response.Request.Method} {response.Url}");
        return page;
    }

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<IPage, System.Collections.Concurrent.ConcurrentQueue<string>> Logs = [];

    public static string BrowserLog(IPage page) => Logs.TryGetValue(page, out var log) ? string.Join("\n", log) : "";

    /// <summary>A client of the API that trusts the throwaway certificate, signed in as <paramref name="email"/>.</summary>
    public HttpClient CreateApiClient(string email, string password)
    {
        var anonymous = CreateTrustingClient(null);
        return CreateTrustingClient(new BearerTokenHandler(cancellationToken => TestAuth.PasswordGrantAsync(anonymous, email, password, cancellationToken: cancellationToken)));
    }

    public HttpClient CreateAdminApiClient() => CreateApiClient(TestAuth.AdminEmail, TestAuth.AdminPassword);

    /// <summary>A new staff user holding <paramref name="roles"/>; returns the credentials for the sign-in page.</summary>
    public async Task<(string Email, string Password)> CreateUserAsync(params string[] roles)
    {
        var email = $"staff-{Guid.NewGuid():N}@ordo.test";
        var password = TestAuth.NewPassword();
        await TestAuth.CreateUserAsync(Factory.Services, email, password, roles);
        return (email, password);
    }

    public override async ValueTask DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }

        _playwright?.Dispose();
        _certificate.Dispose();
        await base.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    private HttpClient CreateTrustingClient(DelegatingHandler? handler)
    {
        var sockets = new SocketsHttpHandler
        {
            SslOptions = { RemoteCertificateValidationCallback = (_, presented, _, _) => presented is not null && presented.GetCertHashString() == _certificate.GetCertHashString() },
        };
        HttpMessageHandler pipeline = sockets;
        if (handler is not null)
        {
            handler.InnerHandler = sockets;
            pipeline = handler;
        }

        return new HttpClient(pipeline) { BaseAddress = BaseAddress };
    }

    protected static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static X509Certificate2 CreateCertificate()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        using var created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        // Kestrel needs the private key in a form SslStream can use on Linux: a PKCS#12 round trip gives it.
        return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pkcs12), null);
    }
}
