namespace Ordo.Api.Tests.Infrastructure;

/// <summary>
/// The Redis server named by <c>ORDO_TEST_REDIS</c> (<c>host:port</c>). Without it the suites that need it are skipped,
/// except under CI (<c>CI=true</c>), where they fail.
/// </summary>
public static class RedisTestServer
{
    public const string ServerVariable = "ORDO_TEST_REDIS";

    public static string? ConnectionString()
    {
        var value = Environment.GetEnvironmentVariable(ServerVariable);
        if (!string.IsNullOrWhiteSpace(value))
        {
            return value;
        }

        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException($"CI=true but {ServerVariable} is not set: the Redis suites must run in CI (see .ci/run).");
        }

        return null;
    }

    public static string UnavailableReason =>
        $"Redis suite skipped: set {ServerVariable} (e.g. 127.0.0.1:6379) and {PostgresApiFixture.ServerVariable} to run it.";
}

/// <summary>
/// Two instances of the service on one PostgreSQL database and one Redis, as behind a load balancer: <see
/// cref="ApiFixture.Factory"/> is the first, <see cref="Other"/> the second. Their keys and channels carry a prefix of
/// their own, so fixtures running at once on the same Redis do not see each other.
/// </summary>
public abstract class TwoInstancesFixture : PostgresApiFixture
{
    private readonly string _keyPrefix = "ordo-test-" + Guid.NewGuid().ToString("N")[..12];
    private OrdoApiFactory? _other;

    public OrdoApiFactory Other => _other ?? throw new InvalidOperationException("Fixture not initialised.");

    /// <summary>A client of the second instance, signed in as the bootstrap administrator.</summary>
    public HttpClient CreateOtherClient() => Other.CreateClientFor(TestAuth.AdminEmail, TestAuth.AdminPassword);

    /// <summary>A new user holding <paramref name="role"/>, signed in on each instance.</summary>
    public async Task<(HttpClient OnFirst, HttpClient OnOther, Guid UserId)> UserOnBothAsync(string role, Guid? customerId = null)
    {
        var email = $"user-{Guid.NewGuid():N}@ordo.test";
        var password = TestAuth.NewPassword();
        var user = await TestAuth.CreateUserAsync(Factory.Services, email, password, [role], customerId);
        return (Factory.CreateClientFor(email, password), Other.CreateClientFor(email, password), user.Id);
    }

    protected virtual IReadOnlyDictionary<string, string?> InstanceSettings => new Dictionary<string, string?>();

    protected sealed override IReadOnlyDictionary<string, string?>? Settings => new Dictionary<string, string?>(InstanceSettings)
    {
        ["ConnectionStrings:Redis"] = RedisTestServer.ConnectionString(),
        ["Redis:KeyPrefix"] = _keyPrefix,
    };

    public override async ValueTask InitializeAsync()
    {
        if (RedisTestServer.ConnectionString() is null)
        {
            UnavailableReason = RedisTestServer.UnavailableReason;
            return;
        }

        await base.InitializeAsync();
        if (UnavailableReason is null)
        {
            _other = new OrdoApiFactory(Provider, ConnectionString, Settings);
            _ = _other.Server;
        }
    }

    public override async ValueTask DisposeAsync()
    {
        if (_other is not null)
        {
            await _other.DisposeAsync();
        }

        await base.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}
