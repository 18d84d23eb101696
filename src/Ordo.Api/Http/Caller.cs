using System.Security.Claims;

namespace Ordo.Api.Http;

/// <summary>Who is calling: the scope of idempotency keys and the actor recorded on changes.</summary>
public static class Caller
{
    public const string Anonymous = "anonymous";

    public static string Id(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.User.FindFirstValue("sub") ?? context.User.FindFirstValue(ClaimTypes.NameIdentifier) ?? Anonymous;
    }
}
