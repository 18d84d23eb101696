using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Ordo.Api.Tests.Infrastructure;

/// <summary>The real service, in process, on the given database; logs are collected for assertions.</summary>
public sealed class OrdoApiFactory : WebApplicationFactory<Program>
{
    /// <summary>
    /// Clients reach the service as over HTTPS, as in production: outside Development its cookies are Secure and the
    /// sign-in page refuses plain HTTP.
    /// </summary>
    public static readonly Uri BaseAddress = new("https://localhost");

    private readonly string _provider;
    private readonly string _connectionString;
    private readonly IReadOnlyDictionary<string, string?>? _settings;
    private readonly Action<IServiceCollection>? _configureServices;

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

    /// <summary>A client with no credentials.</summary>
    public HttpClient CreateAnonymousClient() => CreateClient();

    /// <summary>A client that signs every request as the given user (a real token from the password grant).</summary>
    public HttpClient CreateClientFor(string email, string password)
    {
        var anonymous = CreateClient();
        return CreateDefaultClient(new BearerTokenHandler(cancellationToken => TestAuth.PasswordGrantAsync(anonymous, email, password, cancellationToken: cancellationToken)));
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
        client.BaseAddress = BaseAddress;
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
