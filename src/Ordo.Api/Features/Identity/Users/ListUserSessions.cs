using System.Collections.Immutable;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using OpenIddict.Abstractions;
using Ordo.Api.Http;
using Ordo.Api.Infrastructure.Authorization;
using Ordo.Domain.Common;
using Ordo.Persistence;

namespace Ordo.Api.Features.Identity.Users;

/// <summary>A sign-in as the token server records it (an OpenIddict authorization); never any token value.</summary>
/// <param name="Status"><c>valid</c> or <c>revoked</c>.</param>
public sealed record SessionResponse(string Id, string? ClientId, DateTimeOffset? CreatedAt, string? Status, IReadOnlyList<string> Scopes);

public static class ListUserSessions
{
    public static RouteHandlerBuilder MapListUserSessions(this IEndpointRouteBuilder users) =>
        users.MapGet("/{id:guid}/sessions", HandleAsync)
            .WithName("ListUserSessions")
            .WithSummary("List a user's sessions")
            .WithDescription("Every authorization the token server holds for the user (newest first): id, client, creation time, status, scopes. Token values are never shown.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .RequirePermission(Permissions.UsersRead);

    /// <summary>The use case: the user's sessions, newest first.</summary>
    public static async Task<Result<IReadOnlyList<SessionResponse>>> ExecuteAsync(
        Guid id,
        OrdoDbContext db,
        IOpenIddictAuthorizationManager authorizations,
        IOpenIddictApplicationManager applications,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(authorizations);
        ArgumentNullException.ThrowIfNull(applications);
        if (!await db.Users.AnyAsync(u => u.Id == id, cancellationToken))
        {
            return HttpErrors.NotFoundWithId("user");
        }

        var clientIds = new Dictionary<string, string?>(StringComparer.Ordinal);
        var sessions = new List<SessionResponse>();
        await foreach (var authorization in authorizations.FindBySubjectAsync(id.ToString(), cancellationToken))
        {
            var applicationId = await authorizations.GetApplicationIdAsync(authorization, cancellationToken);
            string? clientId = null;
            if (applicationId is not null && !clientIds.TryGetValue(applicationId, out clientId))
            {
                var application = await applications.FindByIdAsync(applicationId, cancellationToken);
                clientId = clientIds[applicationId] = application is null ? null : await applications.GetClientIdAsync(application, cancellationToken);
            }

            ImmutableArray<string> scopes = await authorizations.GetScopesAsync(authorization, cancellationToken);
            sessions.Add(new SessionResponse(
                (await authorizations.GetIdAsync(authorization, cancellationToken))!,
                clientId,
                await authorizations.GetCreationDateAsync(authorization, cancellationToken),
                await authorizations.GetStatusAsync(authorization, cancellationToken),
                [.. scopes]));
        }

        return Result.Success<IReadOnlyList<SessionResponse>>([.. sessions.OrderByDescending(s => s.CreatedAt).ThenBy(s => s.Id, StringComparer.Ordinal)]);
    }

    /// <summary>The REST adapter: every session on one page.</summary>
    public static async Task<Results<Ok<Page<SessionResponse>>, ProblemHttpResult>> HandleAsync(
        Guid id,
        OrdoDbContext db,
        IOpenIddictAuthorizationManager authorizations,
        IOpenIddictApplicationManager applications,
        CancellationToken cancellationToken) =>
        (await ExecuteAsync(id, db, authorizations, applications, cancellationToken))
            .ToHttp(sessions => TypedResults.Ok(new Page<SessionResponse>(sessions, null, false)));
}
