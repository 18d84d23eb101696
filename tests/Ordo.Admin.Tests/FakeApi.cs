using System.Net;
using System.Text;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Ordo.Admin.Api;
using Ordo.Admin.Auth;

namespace Ordo.Admin.Tests;

/// <summary>The API as a list of canned answers, so components run with their real services and real HTTP code.</summary>
public sealed class FakeApi : HttpMessageHandler
{
    private readonly List<(Func<HttpRequestMessage, bool> Matches, Func<HttpRequestMessage, HttpResponseMessage> Answer)> _routes = [];

    public List<HttpRequestMessage> Requests { get; } = [];

    public FakeApi On(HttpMethod method, string pathAndQueryStart, Func<HttpRequestMessage, HttpResponseMessage> answer)
    {
        _routes.Add((request => request.Method == method && request.RequestUri!.PathAndQuery.StartsWith(pathAndQueryStart, StringComparison.Ordinal), answer));
        return this;
    }

    public static HttpResponseMessage Json(string json, HttpStatusCode status = HttpStatusCode.OK, string mediaType = "application/json", string? etag = null)
    {
        var response = new HttpResponseMessage(status) { Content = new StringContent(json, Encoding.UTF8, mediaType) };
        if (etag is not null)
        {
            response.Headers.ETag = new System.Net.Http.Headers.EntityTagHeaderValue(etag);
        }

        return response;
    }

    public static HttpResponseMessage Problem(int status, string code, string detail, string traceId = "4bf92f3577b34da6a3ce929d0e0e4736", string extra = "") =>
        Json($$"""{"type":"https://ordo.dev/problems/{{code}}","title":"t","status":{{status}},"detail":"{{detail}}","code":"{{code}}","traceId":"{{traceId}}"{{extra}}}""",
            (HttpStatusCode)status, "application/problem+json");

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Requests.Add(request);
        var route = _routes.LastOrDefault(r => r.Matches(request));
        return Task.FromResult(route.Answer is null ? new HttpResponseMessage(HttpStatusCode.NotFound) : route.Answer(request));
    }

    /// <summary>Registers the panel's services over this fake, signed in as a user holding <paramref name="permissions"/>.</summary>
    public void Register(BunitContext context, params string[] permissions)
    {
        ArgumentNullException.ThrowIfNull(context);
        var settings = PanelSettings.From(new Uri("https://ordo.test/admin/"), null);
        var session = new TokenSession();
        session.Store(new TokenResponse("access", "refresh", "id", 300, null, null));
        var user = new CurrentUser();
        user.Set(new Account(Guid.NewGuid(), "staff@ordo.test", ["custom"], permissions, false));
        context.Services.AddSingleton(settings);
        context.Services.AddSingleton(new HttpClient(this) { BaseAddress = settings.ApiBase });
        context.Services.AddSingleton(session);
        context.Services.AddSingleton(user);
        context.Services.AddSingleton<IPendingSignInStore, SessionStoragePendingSignIns>();
        context.Services.AddSingleton<SignInFlow>();
        context.Services.AddSingleton<OrdoApi>();
        context.JSInterop.Mode = JSRuntimeMode.Loose;
    }
}
