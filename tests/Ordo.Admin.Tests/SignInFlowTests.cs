using System.Net;
using Bunit;
using Bunit.TestDoubles;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using Ordo.Admin.Auth;

namespace Ordo.Admin.Tests;

/// <summary>The panel's side of authorization code + PKCE: what it sends, what it accepts back, and refresh rotation.</summary>
public sealed class SignInFlowTests : BunitContext
{
    private const string Tokens = """{"access_token":"access-2","refresh_token":"refresh-2","id_token":"id-2","expires_in":300}""";

    private readonly FakeApi _api = new();
    private readonly MemoryPendingSignIns _pending = new();
    private readonly TokenSession _session = new();

    private SignInFlow Flow()
    {
        var settings = PanelSettings.From(new Uri("https://ordo.test/admin/"), null);
        return new SignInFlow(settings, new HttpClient(_api), _session, _pending, Services.GetRequiredService<NavigationManager>());
    }

    private Uri Navigated => new(Services.GetRequiredService<BunitNavigationManager>().Uri);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Signing_in_sends_an_S256_challenge_of_a_verifier_kept_for_the_way_back(bool silent)
    {
        await Flow().BeginAsync("orders/42", silent);

        var query = Query.Parse(Navigated.Query);
        var saved = Assert.IsType<PendingSignIn>(_pending.Saved);
        Assert.Equal("https://ordo.test/connect/authorize", Navigated.GetLeftPart(UriPartial.Path));
        Assert.Equal("code", query["response_type"]);
        Assert.Equal("ordo-admin", query["client_id"]);
        Assert.Equal("https://ordo.test/admin/signed-in", query["redirect_uri"]);
        Assert.Equal("S256", query["code_challenge_method"]);
        Assert.Equal(Pkce.ChallengeOf(saved.Verifier), query["code_challenge"]);
        Assert.Equal(saved.State, query["state"]);
        Assert.Equal("orders/42", saved.ReturnPath);
        Assert.Equal(silent, query.TryGetValue("prompt", out var prompt) && prompt == "none");
    }

    [Fact]
    public async Task The_code_is_exchanged_with_the_verifier_and_the_tokens_kept_in_memory()
    {
        _pending.Saved = new PendingSignIn("the-state", "the-verifier", "orders/42");
        _api.On(HttpMethod.Post, "/connect/token", _ => FakeApi.Json(Tokens));

        var outcome = await Flow().CompleteAsync(new Uri("https://ordo.test/admin/signed-in?code=the-code&state=the-state"));

        Assert.True(outcome.IsSignedIn);
        Assert.Equal("orders/42", outcome.ReturnPath);
        Assert.Equal("access-2", _session.AccessToken);
        Assert.Null(_pending.Saved); // single use
        var form = Query.Parse(await Assert.Single(_api.Requests).Content!.ReadAsStringAsync(Xunit.TestContext.Current.CancellationToken));
        Assert.Equal("authorization_code", form["grant_type"]);
        Assert.Equal("the-code", form["code"]);
        Assert.Equal("the-verifier", form["code_verifier"]);
        Assert.Equal("https://ordo.test/admin/signed-in", form["redirect_uri"]);
    }

    [Theory]
    [InlineData("https://ordo.test/admin/signed-in?code=c&state=another-state")]
    [InlineData("https://ordo.test/admin/signed-in?code=c")]
    public async Task An_answer_whose_state_is_not_the_pending_one_is_refused_without_exchanging_its_code(string callback)
    {
        _pending.Saved = new PendingSignIn("the-state", "the-verifier", "orders");

        var outcome = await Flow().CompleteAsync(new Uri(callback));

        Assert.False(outcome.IsSignedIn);
        Assert.Contains("does not belong to a sign-in started here", outcome.Error, StringComparison.Ordinal);
        Assert.Empty(_api.Requests);
        Assert.False(_session.IsSignedIn);
    }

    [Fact]
    public async Task An_answer_with_no_sign_in_pending_is_refused()
    {
        var outcome = await Flow().CompleteAsync(new Uri("https://ordo.test/admin/signed-in?code=c&state=s"));

        Assert.NotNull(outcome.Error);
        Assert.Empty(_api.Requests);
    }

    [Theory]
    [InlineData("login_required", null)]
    [InlineData("interaction_required", null)]
    [InlineData("access_denied", "The sign-in was refused (access_denied): no")]
    public async Task A_silent_attempt_without_a_session_asks_for_the_sign_in_page_and_other_errors_are_shown(string error, string? shown)
    {
        _pending.Saved = new PendingSignIn("s", "v", "orders/7");

        var outcome = await Flow().CompleteAsync(new Uri($"https://ordo.test/admin/signed-in?error={error}&error_description=no&state=s"));

        Assert.False(outcome.IsSignedIn);
        Assert.True(outcome.NeedsInteractiveSignIn);
        Assert.Equal(shown, outcome.Error);
        Assert.Equal(shown is null ? "orders/7" : "orders", outcome.ReturnPath);
    }

    [Fact]
    public async Task A_code_the_token_server_refuses_signs_nobody_in()
    {
        _pending.Saved = new PendingSignIn("s", "v", "orders");
        _api.On(HttpMethod.Post, "/connect/token", _ => FakeApi.Json("""{"error":"invalid_grant","error_description":"The code was already redeemed."}""", HttpStatusCode.BadRequest));

        var outcome = await Flow().CompleteAsync(new Uri("https://ordo.test/admin/signed-in?code=c&state=s"));

        Assert.False(outcome.IsSignedIn);
        Assert.Equal("The token server refused the sign-in (invalid_grant): The code was already redeemed.", outcome.Error);
        Assert.False(_session.IsSignedIn);
    }

    [Fact]
    public async Task Parallel_refreshes_spend_the_refresh_token_once()
    {
        // Presenting a spent refresh token again revokes its whole family: two calls that both got a 401 must not both use it.
        _session.Store(new Api.TokenResponse("access-1", "refresh-1", "id-1", 300, null, null));
        var answer = new TaskCompletionSource<HttpResponseMessage>();
        var exchanges = 0;
        var flow = new SignInFlow(
            PanelSettings.From(new Uri("https://ordo.test/admin/"), null),
            new HttpClient(new DelegatingAnswer(() =>
            {
                Interlocked.Increment(ref exchanges);
                return answer.Task;
            })),
            _session, _pending, Services.GetRequiredService<NavigationManager>());

        var first = flow.RefreshAsync();
        var second = flow.RefreshAsync();
        answer.SetResult(FakeApi.Json(Tokens));

        var refreshed = await Task.WhenAll(first, second);
        Assert.Equal([true, true], refreshed);
        Assert.Equal(1, exchanges);
        Assert.Equal("refresh-2", _session.RefreshToken);
    }

    [Fact]
    public async Task A_refused_refresh_forgets_the_tokens()
    {
        _session.Store(new Api.TokenResponse("access-1", "refresh-1", "id-1", 300, null, null));
        _api.On(HttpMethod.Post, "/connect/token", _ => FakeApi.Json("""{"error":"invalid_grant"}""", HttpStatusCode.BadRequest));

        Assert.False(await Flow().RefreshAsync());

        Assert.False(_session.IsSignedIn);
        Assert.Null(_session.RefreshToken);
    }

    [Theory]
    [InlineData("orders/42", "orders/42")]
    [InlineData("/orders/42", "orders/42")]
    [InlineData("//evil.example/x", "")]
    [InlineData("https://evil.example/", "")]
    [InlineData("\\\\evil.example", "")]
    [InlineData("signed-in?code=x", "")]
    [InlineData("", "")]
    [InlineData(null, "")]
    public void Only_a_path_inside_the_panel_is_a_place_to_return_to_and_anything_else_is_its_home(string? path, string expected) =>
        Assert.Equal(expected, SignInFlow.LocalPath(path));

    private sealed class MemoryPendingSignIns : IPendingSignInStore
    {
        public PendingSignIn? Saved { get; set; }

        public ValueTask SaveAsync(PendingSignIn pending)
        {
            Saved = pending;
            return ValueTask.CompletedTask;
        }

        public ValueTask<PendingSignIn?> TakeAsync()
        {
            var taken = Saved;
            Saved = null;
            return ValueTask.FromResult(taken);
        }
    }

    private sealed class DelegatingAnswer(Func<Task<HttpResponseMessage>> answer) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) => answer();
    }
}
