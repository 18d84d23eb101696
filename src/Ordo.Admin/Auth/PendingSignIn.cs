using System.Text.Json;
using Microsoft.JSInterop;

namespace Ordo.Admin.Auth;

/// <summary>
/// What must survive the trip to the sign-in page and back: the state, the PKCE verifier and where the user was. Not
/// a token: single-use, worthless without the code, and removed as soon as the panel is back.
/// </summary>
public sealed record PendingSignIn(string State, string Verifier, string ReturnPath);

public interface IPendingSignInStore
{
    ValueTask SaveAsync(PendingSignIn pending);

    /// <summary>The pending sign-in, removed from the store (null when there is none).</summary>
    ValueTask<PendingSignIn?> TakeAsync();
}

/// <summary>
/// The browser's sessionStorage, for the pending sign-in only (tokens stay in memory): a full-page redirect to the
/// token server ends the app's memory, and the tab's own storage is the one place that survives it.
/// </summary>
public sealed class SessionStoragePendingSignIns(IJSRuntime js) : IPendingSignInStore
{
    private const string Key = "ordo.admin.pending-sign-in";

    public ValueTask SaveAsync(PendingSignIn pending) =>
        js.InvokeVoidAsync("sessionStorage.setItem", Key, JsonSerializer.Serialize(pending, AdminJson.Default.PendingSignIn));

    public async ValueTask<PendingSignIn?> TakeAsync()
    {
        var json = await js.InvokeAsync<string?>("sessionStorage.getItem", Key);
        await js.InvokeVoidAsync("sessionStorage.removeItem", Key);
        return json is null ? null : JsonSerializer.Deserialize(json, AdminJson.Default.PendingSignIn);
    }
}
