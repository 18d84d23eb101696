using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.WebUtilities;
using Ordo.Api.Infrastructure.Identity;
using Ordo.Api.Tests.Infrastructure;

namespace Ordo.Api.Tests.Account;

/// <summary>A browser as far as the sign-in page needs one: keeps cookies, follows no redirects, submits forms with their hidden fields.</summary>
public sealed partial class SignInBrowser(HttpClient client) : IDisposable
{
    /// <summary>What the code flow produced: the authorization code, its PKCE verifier, and the tokens bought with them.</summary>
    public sealed record CodeFlow(string Code, string Verifier, TestAuth.TokenResponse Token);

    /// <summary>The admin client's redirect URI in the test settings.</summary>
    public const string CallbackUri = "http://localhost/callback";

    public HttpClient Client { get; } = client;

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    public static SignInBrowser Create(OrdoApiFactory factory) =>
        new(factory.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = OrdoApiFactory.BaseAddress, AllowAutoRedirect = false, HandleCookies = true }));

    public async Task<string> GetPageAsync(string url)
    {
        using var response = await Client.GetAsync(url, Cancellation);
        var body = await response.Content.ReadAsStringAsync(Cancellation);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {url}: {(int)response.StatusCode} {body}");
        return body;
    }

    /// <summary>Opens the sign-in page and submits the password step.</summary>
    public async Task<HttpResponseMessage> SignInAsync(string email, string password, string? returnUrl)
    {
        var page = await GetPageAsync("/account/login" + (returnUrl is null ? "" : "?returnUrl=" + Uri.EscapeDataString(returnUrl)));
        return await SubmitStepAsync(page, new Dictionary<string, string> { ["email"] = email, ["password"] = password });
    }

    /// <summary>The password step, expecting a further page (a second step) rather than a redirect.</summary>
    public async Task<string> SubmitPasswordAsync(string email, string password, string? returnUrl)
    {
        using var response = await SignInAsync(email, password, returnUrl);
        var body = await response.Content.ReadAsStringAsync(Cancellation);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode} {body}");
        return body;
    }

    /// <summary>Posts the page's form: its hidden fields (antiforgery token, step, state, returnUrl) plus <paramref name="fields"/>.</summary>
    public Task<HttpResponseMessage> SubmitStepAsync(string page, IDictionary<string, string> fields) => SubmitFormAsync(page, "/account/login", fields);

    /// <summary>Posts the page's form to <paramref name="action"/>: its hidden fields plus <paramref name="fields"/>.</summary>
    public async Task<HttpResponseMessage> SubmitFormAsync(string page, string action, IDictionary<string, string> fields)
    {
        var form = HiddenInput().Matches(page).ToDictionary(m => WebUtility.HtmlDecode(m.Groups[1].Value), m => WebUtility.HtmlDecode(m.Groups[2].Value));
        foreach (var (name, value) in fields)
        {
            form[name] = value;
        }

        using var content = new FormUrlEncodedContent(form);
        return await Client.PostAsync(action, content, Cancellation);
    }

    public static string Find(string html, string pattern)
    {
        var match = Regex.Match(html, pattern);
        Assert.True(match.Success, $"'{pattern}' is not on the page: {html}");
        return WebUtility.HtmlDecode(match.Groups[1].Value);
    }

    /// <summary>The Location header as a path and query on this server, or the absolute URI elsewhere.</summary>
    public static string Location(HttpResponseMessage response)
    {
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"Expected a redirect, got {(int)response.StatusCode}");
        var location = response.Headers.Location!;
        return !location.IsAbsoluteUri ? location.OriginalString
            : location.Authority == "localhost" && !location.AbsolutePath.StartsWith("/callback", StringComparison.Ordinal) ? location.PathAndQuery
            : location.AbsoluteUri;
    }

    /// <summary>
    /// The admin panel's sign-in from start to end: an authorization request with PKCE (S256), the sign-in page, the
    /// redirect with the code, and the code exchanged with its verifier at the token endpoint.
    /// </summary>
    public async Task<CodeFlow> SignInWithCodeAsync(string email, string password)
    {
        var verifier = Base64Url(RandomNumberGenerator.GetBytes(32));
        var challenge = Base64Url(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));
        var authorize = "/connect/authorize" + QueryString.Create(new Dictionary<string, string?>
        {
            ["client_id"] = AuthOptions.AdminClientId,
            ["response_type"] = "code",
            ["redirect_uri"] = CallbackUri,
            ["scope"] = "openid offline_access",
            ["state"] = "state-" + Guid.NewGuid().ToString("N"),
            ["code_challenge"] = challenge,
            ["code_challenge_method"] = "S256",
        });
        using var toLogin = await Client.GetAsync(authorize, Cancellation);
        using var signedIn = await SubmitStepAsync(
            await GetPageAsync(Location(toLogin)), new Dictionary<string, string> { ["email"] = email, ["password"] = password });
        using var issued = await Client.GetAsync(Location(signedIn), Cancellation);
        var code = QueryHelpers.ParseQuery(new Uri(Location(issued)).Query)["code"].ToString();
        var token = await TestAuth.RequestTokenAsync(Client, new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code",
            ["client_id"] = AuthOptions.AdminClientId,
            ["code"] = code,
            ["redirect_uri"] = CallbackUri,
            ["code_verifier"] = verifier,
        }, Cancellation);
        Assert.True(token.Status == 200, token.Body.ToString());
        return new CodeFlow(code, verifier, token);
    }

    public void Dispose() => Client.Dispose();

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    [GeneratedRegex("<input type=\"hidden\" name=\"([^\"]+)\" value=\"([^\"]*)\">")]
    private static partial Regex HiddenInput();
}
