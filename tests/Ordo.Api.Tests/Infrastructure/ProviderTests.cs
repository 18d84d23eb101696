namespace Ordo.Api.Tests.Infrastructure;

/// <summary>
/// Base of every suite that runs on both providers: the tests live in an abstract subclass, and a one-line
/// subclass per provider binds it to that provider's fixture.
/// </summary>
public abstract class ProviderTests
{
    protected ProviderTests(ApiFixture fixture)
    {
        Fixture = fixture;
        fixture.SkipWhenUnavailable();
        Client = fixture.CreateClient();
    }

    protected ApiFixture Fixture { get; }

    protected HttpClient Client { get; }

    protected static CancellationToken Cancellation => TestContext.Current.CancellationToken;
}
