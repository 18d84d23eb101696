using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Ordo.Api.Tests.Infrastructure.Contract;

namespace Ordo.Api.Tests.Infrastructure;

/// <summary>The real service, in process, on the given database; logs are collected for assertions.</summary>
public sealed class OrdoApiFactory : WebApplicationFactory<Program>
{
    /// <summary>
    /// Clients of the in-memory server reach the service as over HTTPS, as in production: outside Development its
    /// cookies are Secure and the sign-in page refuses plain HTTP. (Over Kestrel, see <see cref="StartKestrel"/>.)
    /// </summary>
    public static readonly Uri BaseAddress = new("https://localhost");

    private readonly string _provider;
    private readonly string _connectionString;
    private readonly IReadOnlyDictionary<string, string?>? _settings;
    private readonly Action<IServiceCollection>? _configureServices;
    private readonly SemaphoreSlim _contractGate = new(1, 1);
    private ApiContract? _contract;

    public OrdoApiFactory(
        string provider,
        string connectionString,
        IReadOnlyDictionary<string, string?>? settings = null,
        Action<IServiceCollection>? configureServices = null)
    {
        _provider = provider;
        _connectionString = connectionString;
        _settings = settings;
        _configureServices = configureServices;
        ClientOptions.BaseAddress = BaseAddress;
    }

    /// <summary>
    /// Serves through Kestrel on a free loopback port instead of the in-memory server; clients then talk to it over
    /// TCP at the address it listens on, which is plain HTTP (suites that need HTTPS behaviour use the in-memory
    /// server or <see cref="NginxProxy"/>).
    /// </summary>
    public void StartKestrel()
    {
        UseKestrel(0);
        StartServer();
        ClientOptions.BaseAddress = new Uri(Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First());
    }

    /// <summary>
    /// Serves through Kestrel over HTTPS with <paramref name="certificate"/> on <paramref name="port"/> of both loopback
    /// addresses, as a browser needs it: outside Development the sign-in page's cookies are Secure. Clients of the
    /// factory can't reach it (they don't trust the certificate); the caller makes its own.
    /// </summary>
    public void StartKestrelOverHttps(System.Security.Cryptography.X509Certificates.X509Certificate2 certificate, int port)
    {
        UseKestrel(kestrel => kestrel.ListenLocalhost(port, listen => listen.UseHttps(certificate)));
        StartServer();
    }

    /// <summary>A client with no credentials.</summary>
    public HttpClient CreateAnonymousClient() => CreateClient();

    /// <summary>
    /// Like the base class's, but every response is checked against the OpenAPI document (see
    /// <see cref="ContractCheckingHandler"/>); hides the base methods so that no test gets an unchecked client.
    /// </summary>
    public new HttpClient CreateClient() => CreateClient(ClientOptions);

    public new HttpClient CreateClient(WebApplicationFactoryClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var handlers = new List<DelegatingHandler>();
        if (options.AllowAutoRedirect)
        {
            handlers.Add(new RedirectHandler(options.MaxAutomaticRedirections));
        }

        if (options.HandleCookies)
        {
            handlers.Add(new CookieContainerHandler());
        }

        handlers.Add(new ContractCheckingHandler(ContractAsync));
        return CreateDefaultClient(options.BaseAddress, [.. handlers]);
    }

    /// <summary>A client that signs every request as the given user (a real token from the password grant).</summary>
    public HttpClient CreateClientFor(string email, string password)
    {
        var anonymous = CreateClient();
        return CreateDefaultClient(
            new BearerTokenHandler(cancellationToken => TestAuth.PasswordGrantAsync(anonymous, email, password, cancellationToken: cancellationToken)),
            new ContractCheckingHandler(ContractAsync));
    }

    /// <summary>
    /// The contract the responses are checked against: the document this very service serves (the checked-in copy
    /// when a test turned the documents off; a test keeps the two equal).
    /// </summary>
    public async Task<ApiContract> ContractAsync(CancellationToken cancellationToken)
    {
        if (_contract is { } known)
        {
            return known;
        }

        await _contractGate.WaitAsync(cancellationToken);
        try
        {
            if (_contract is null)
            {
                using var raw = CreateDefaultClient(); // unchecked: this is what the check reads
                using var response = await raw.GetAsync(new Uri("/openapi/v1.json", UriKind.Relative), cancellationToken);
                var json = response.IsSuccessStatusCode
                    ? await response.Content.ReadAsStringAsync(cancellationToken)
                    : await File.ReadAllTextAsync(Path.Combine(RepositoryFiles.Root, "docs", "openapi.json"), cancellationToken);
                _contract = ApiContract.For(json);
            }

            return _contract;
        }
        finally
        {
            _contractGate.Release();
        }
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        _contractGate.Dispose();
    }

    /// <summary>A client for a new user holding <paramref name="roles"/>; customers pass their customer id.</summary>
    public async Task<(HttpClient Client, Guid UserId)> CreateClientWithRolesAsync(IEnumerable<string> roles, Guid? customerId = null)
    {
        var email = $"user-{Guid.NewGuid():N}@ordo.test";
        var password = TestAuth.NewPassword();
        var user = await TestAuth.CreateUserAsync(Services, email, password, roles, customerId);
        return (CreateClientFor(email, password), user.Id);
    }

    protected override void ConfigureClient(HttpClient client)
    {
        ArgumentNullException.ThrowIfNull(client);
        base.ConfigureClient(client);
        client.BaseAddress = ClientOptions.BaseAddress;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("Database:Provider", _provider);
        builder.UseSetting("ConnectionStrings:Ordo", _connectionString);
        builder.UseSetting("Database:MigrateOnStartup", "true");
        // The suite reads the document (off by default outside Development; ApiDocsSwitchTests covers the defaults).
        if (_settings?.ContainsKey("ApiDocs:Enabled") != true)
        {
            builder.UseSetting("ApiDocs:Enabled", "true");
        }
        // The management port (off by default): TestServer opens no socket, so every host may claim the same one, and
        // MetricsScrape sends its requests as if they arrived on it.
        if (_settings?.ContainsKey("Management:Port") != true)
        {
            builder.UseSetting("Management:Port", Telemetry.MetricsScrape.ManagementPort.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        foreach (var (key, value) in TestPiiKeys.Settings)
        {
            builder.UseSetting(key, value);
        }

        foreach (var (key, value) in TestAuth.Settings)
        {
            builder.UseSetting(key, value);
        }

        // A null value leaves the setting to the service's own default.
        foreach (var (key, value) in (_settings ?? new Dictionary<string, string?>()).Where(setting => setting.Value is not null))
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureTestServices(services =>
        {
            services.AddFakeLogging(options =>
            {
                options.FilteredLevels.Add(LogLevel.Information);
                options.FilteredLevels.Add(LogLevel.Warning);
                options.FilteredLevels.Add(LogLevel.Error);
                options.FilteredLevels.Add(LogLevel.Critical);
            });
            services.AddSingleton<IStartupFilter, TestOnlyEndpoints>();
            _configureServices?.Invoke(services);
        });
    }
}

/// <summary>Endpoints the product must never have (one that fails on purpose), appended behind the real pipeline.</summary>
internal sealed class TestOnlyEndpoints : IStartupFilter
{
    public const string FailingPath = "/__test/unhandled-exception";

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) =>
        app =>
        {
            next(app);
            app.Use(async (HttpContext context, RequestDelegate nextMiddleware) =>
            {
                if (context.Request.Path == FailingPath)
                {
                    throw new InvalidOperationException("secret-internal-detail: connection to 10.0.0.7 refused");
                }

                await nextMiddleware(context);
            });
        };
}
