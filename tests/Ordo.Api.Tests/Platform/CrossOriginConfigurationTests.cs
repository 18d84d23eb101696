using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Ordo.Api.Http;
using Ordo.Api.Infrastructure.Pipeline;

namespace Ordo.Api.Tests.Platform;

/// <summary><c>Cors:AllowedOrigins</c> and client origins follow one rule, checked at start-up for the configuration.</summary>
public sealed class CrossOriginConfigurationTests
{
    private static ServiceProvider Services(params string[] origins)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(origins.Select((origin, index) => new KeyValuePair<string, string?>($"Cors:AllowedOrigins:{index}", origin)))
            .Build();
        var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddLogging();
        services.AddOrdoCrossOrigin();
        return services.BuildServiceProvider();
    }

    [Theory]
    [InlineData("https://admin.example/app")]
    [InlineData("http://admin.example")]
    [InlineData("https://*.example")]
    [InlineData("admin.example")]
    public void Start_up_refuses_an_allowed_origin_that_is_not_an_https_or_loopback_origin(string origin)
    {
        using var services = Services("https://fine.example", origin);

        var failure = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<CrossOriginOptions>>().Value);
        Assert.Contains("Cors:AllowedOrigins", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Loopback_and_https_origins_are_accepted()
    {
        using var services = Services("http://localhost:5173", "https://admin.example/", "http://[::1]:8080");

        Assert.Equal(3, services.GetRequiredService<IOptions<CrossOriginOptions>>().Value.AllowedOrigins.Length);
    }

    [Theory]
    [InlineData("HTTPS://Shop.Example:443/", "https://shop.example")]
    [InlineData("https://shop.example:8443", "https://shop.example:8443")]
    [InlineData("http://127.0.0.1:3000", "http://127.0.0.1:3000")]
    [InlineData("https://bücher.example", "https://xn--bcher-kva.example")]
    public void Origins_are_compared_in_the_form_browsers_send(string configured, string serialized) =>
        Assert.Equal(serialized, WebAddresses.Origin(configured));
}
