using System.Net;
using Ordo.Api.Infrastructure.Identity;
using Ordo.Api.Tests.Platform;

namespace Ordo.Api.Tests.Account;

/// <summary>An unregistered redirect_uri: Development says which URIs the client registered, other environments don't.</summary>
public sealed class RedirectUriHintTests
{
    private const string Unregistered = "http://localhost:9999/not-registered";

    [Theory]
    [InlineData("Development", true)]
    [InlineData("Production", false)]
    public async Task An_unregistered_redirect_uri_is_refused_naming_the_registered_ones_only_in_Development(string environment, bool named)
    {
        await ApiDocsSwitchTests.WithServiceAsync(
            new Dictionary<string, string?>
            {
                ["environment"] = environment,
                ["Seed:OnEmptyDatabase"] = "false",
                ["Auth:AdminClient:RedirectUris:0"] = "http://localhost:5173/callback",
            },
            async factory =>
            {
                var url = "/connect/authorize?" + string.Join('&', new Dictionary<string, string>
                {
                    ["client_id"] = AuthOptions.AdminClientId,
                    ["response_type"] = "code",
                    ["redirect_uri"] = Unregistered,
                    ["scope"] = "openid",
                    ["code_challenge"] = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",
                    ["code_challenge_method"] = "S256",
                }.Select(p => $"{p.Key}={Uri.EscapeDataString(p.Value)}"));

                using var response = await factory.CreateAnonymousClient().GetAsync(url, TestContext.Current.CancellationToken);
                var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

                Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
                Assert.Equal(named, body.Contains("http://localhost:5173/callback", StringComparison.Ordinal));
            });
    }
}
