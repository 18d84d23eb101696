using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Ordo.Api.Features.Identity.Administration;
using Ordo.Api.Http;
using Ordo.Api.Infrastructure.Authorization;
using Ordo.Api.Infrastructure.Idempotency;
using Ordo.Api.Infrastructure.Identity;
using Ordo.Api.Infrastructure.OpenApi;
using Ordo.Domain.Common;
using Ordo.Persistence;
using Ordo.Persistence.Identity;

namespace Ordo.Api.Features.Identity.Users;

public static class EnableUser
{
    public static RouteHandlerBuilder MapEnableUser(this IEndpointRouteBuilder users) =>
        users.MapPost("/{id:guid}/enable", HandleAsync)
            .WithName("EnableUser")
            .WithSummary("Enable a user")
            .WithDescription(
                "Lets a disabled user sign in again (sessions revoked by disabling stay revoked). `If-Match` with the user's ETag is " +
                "honoured when sent (412 when stale).")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ChangesState()
            .SendsETag()
            .TakesIfMatch(IfMatch.Optional)
            .SerializesAdministrativeChanges()
            .RequirePermission(Permissions.UsersManage);

    /// <summary>The use case: enables the user (unless they already are); the change is logged.</summary>
    public static async Task<Result<OrdoUser>> ExecuteAsync(
        Guid id,
        string? ifMatch,
        Administrator administrator,
        OrdoDbContext db,
        UserManager<OrdoUser> userManager,
        TimeProvider time,
        JsonSerializerOptions json,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(administrator);
        var user = await AccessGuards.ManageableUserAsync(id, userManager, db, administrator.Caller, cancellationToken);
        if (user.IsFailure)
        {
            return user;
        }

        if (await UserResponse.CheckIfMatchAsync(ifMatch, db, user.Value, time.GetUtcNow(), administrator.Caller, json, cancellationToken) is { } precondition)
        {
            return precondition;
        }

        if (user.Value.IsDisabled)
        {
            user.Value.IsDisabled = false;
            AccessGuards.EnsureSaved(await userManager.UpdateAsync(user.Value));
            await administrator.InvalidateNowAndAfterCommitAsync(profiles => profiles.InvalidateAsync(id));
            await AdministrationLog.UserEnabledAsync(administrator, user.Value.Id);
        }

        return user;
    }

    /// <summary>The REST adapter: the user with its new ETag.</summary>
    public static async Task<Results<Ok<UserResponse>, ProblemHttpResult>> HandleAsync(
        Guid id, OrdoDbContext db, UserManager<OrdoUser> userManager, TimeProvider time, IOptions<JsonOptions> json, HttpContext http, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(json);
        var enabled = await ExecuteAsync(
            id, http.Request.Headers.IfMatch.ToString(), Administrator.Of(http), db, userManager, time, json.Value.SerializerOptions, cancellationToken);
        return enabled.IsSuccess ? await UserResponse.OkAsync(http, db, enabled.Value, time.GetUtcNow(), cancellationToken) : enabled.Error.ToProblem();
    }
}
