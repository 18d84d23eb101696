using System.Net.Http.Json;
using Microsoft.AspNetCore.Components;

namespace Ordo.Admin.Auth;

/// <summary>
/// Authorization code + PKCE with the public client <c>ordo-admin</c> (docs/decisions/0026-admin-panel-in-the-browser.md):
/// a full-page redirect to the token server's sign-in page and back to <c>signed-in</c>, the code exchanged for tokens
/// kept in memory, refresh-token rotation, and sign-out through the end-session endpoint.
/// </summary>
public sealed class SignInFlow(PanelSettings settings, HttpClient http, TokenSession session, IPendingSignInStore pending, NavigationManager navigation) : IDisposable
{
    private readonly SemaphoreSlim _refreshGate = new(1, 1);

    /// <summary>
    /// Sends the browser to the authorization endpoint. <paramref name="silent"/> asks for <c>prompt=none</c>: when the
    /// server's sign-in cookie is still valid the user comes straight back signed in, otherwise back with
    /// <c>login_required</c> and sees the sign-in button.
    /// </summary>
    public async Task BeginAsync(string returnPath, bool silent)
    {
        var verifier = Pkce.NewVerifier();
        var state = Pkce.NewState();
        await pending.SaveAsync(new PendingSignIn(state, verifier, LocalPath(returnPath)));
        var query = new Dictionary<string, string?>
        {
            ["client_id"] = PanelSettings.ClientId,
            ["response_type"] = "code",
            ["redirect_uri"] = settings.SignedInUri.ToString(),
            ["scope"] = "openid offline_access",
            ["state"] = state,
            ["code_challenge"] = Pkce.ChallengeOf(verifier),
            ["code_challenge_method"] = "S256",
        };
        if (silent)
        {
            query["prompt"] = "none";
        }

        navigation.NavigateTo(Query.Append(new Uri(settings.ApiBase, "connect/authorize").ToString(), query), forceLoad: true);
    }

    /// <summary>Handles the redirect back from the token server: checks the state and exchanges the code.</summary>
    public async Task<SignInOutcome> CompleteAsync(Uri callback)
    {
        ArgumentNullException.ThrowIfNull(callback);
        var query = Query.Parse(callback.Query);
        string Value(string name) => query.TryGetValue(name, out var value) ? value : "";
        var expected = await pending.TakeAsync();
        if (expected is null || Value("state") != expected.State)
        {
            return SignInOutcome.Failed("The sign-in answer does not belong to a sign-in started here. Please sign in again.");
        }

        var error = Value("error");
        if (error.Length > 0)
        {
            return error is "login_required" or "interaction_required" or "consent_required"
                ? SignInOutcome.SignInNeeded(expected.ReturnPath)
                : SignInOutcome.Failed($"The sign-in was refused ({error}): {Value("error_description")}");
        }

        using var response = await http.PostAsync(new Uri(settings.ApiBase, "connect/token"), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code",
            ["client_id"] = PanelSettings.ClientId,
            ["code"] = Value("code"),
            ["redirect_uri"] = settings.SignedInUri.ToString(),
            ["code_verifier"] = expected.Verifier,
        }));
        var tokens = await response.Content.ReadFromJsonAsync(AdminJson.Default.TokenResponse);
        if (!response.IsSuccessStatusCode || tokens?.AccessToken is null)
        {
            return SignInOutcome.Failed($"The token server refused the sign-in ({tokens?.Error}): {tokens?.ErrorDescription}");
        }

        session.Store(tokens);
        return SignInOutcome.SignedIn(expected.ReturnPath);
    }

    /// <summary>Exchanges the refresh token for new tokens (the old refresh token stops working); false when it can't.</summary>
    public async Task<bool> RefreshAsync()
    {
        var used = session.RefreshToken;
        await _refreshGate.WaitAsync();
        try
        {
            if (session.RefreshToken != used)
            {
                return session.IsSignedIn; // another call refreshed meanwhile
            }

            if (used is null)
            {
                return false;
            }

            using var response = await http.PostAsync(new Uri(settings.ApiBase, "connect/token"), new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "refresh_token",
                ["client_id"] = PanelSettings.ClientId,
                ["refresh_token"] = used,
            }));
            var tokens = response.IsSuccessStatusCode ? await response.Content.ReadFromJsonAsync(AdminJson.Default.TokenResponse) : null;
            if (tokens?.AccessToken is null)
            {
                session.Clear();
                return false;
            }

            session.Store(tokens);
            return true;
        }
        finally
        {
            _refreshGate.Release();
        }
    }

    /// <summary>Forgets the tokens and ends the server session (its refresh tokens are revoked there).</summary>
    public void SignOut()
    {
        var hint = session.IdToken;
        session.Clear();
        var query = new Dictionary<string, string?>
        {
            ["client_id"] = PanelSettings.ClientId,
            ["post_logout_redirect_uri"] = settings.SignedOutUri.ToString(),
        };
        if (hint is not null)
        {
            query["id_token_hint"] = hint;
        }

        navigation.NavigateTo(Query.Append(new Uri(settings.ApiBase, "connect/endsession").ToString(), query), forceLoad: true);
    }

    public void Dispose() => _refreshGate.Dispose();

    /// <summary>
    /// Only a path inside the panel: anything else would make the sign-in an open redirect. Without one, the panel's
    /// home (""), which sends each user to the first screen their permissions offer.
    /// </summary>
    public static string LocalPath(string? path) =>
        path is { Length: > 0 } && !path.StartsWith("//", StringComparison.Ordinal) && !path.Contains(':', StringComparison.Ordinal)
            && !path.Contains('\\', StringComparison.Ordinal) && !path.StartsWith("signed-", StringComparison.Ordinal)
            ? path.TrimStart('/')
            : "";
}

public sealed record SignInOutcome(bool IsSignedIn, bool NeedsInteractiveSignIn, string ReturnPath, string? Error)
{
    public static SignInOutcome SignedIn(string returnPath) => new(true, false, returnPath, null);

    public static SignInOutcome SignInNeeded(string returnPath) => new(false, true, returnPath, null);

    public static SignInOutcome Failed(string error) => new(false, true, "orders", error);
}
