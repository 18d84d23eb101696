using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Ordo.Api.Features.Customers;
using Ordo.Api.Features.Identity.Account;
using Ordo.Api.Features.Identity.Administration;
using Ordo.Api.Http;
using Ordo.Api.Infrastructure.Authorization;
using Ordo.Api.Infrastructure.Idempotency;
using Ordo.Api.Infrastructure.Identity;
using Ordo.Api.Infrastructure.OpenApi;
using Ordo.Domain.Common;
using Ordo.Domain.Customers;
using Ordo.Persistence;
using Ordo.Persistence.Identity;

namespace Ordo.Api.Features.Identity.Users;

/// <param name="Password">Required: Ordo sends no email, so a user created without a password could never sign in. Hand it over out of band.</param>
public sealed record CreateUserRequest(
    [property: MaxLength(Email.MaxLength)] string Email,
    [property: MaxLength(AccountProblems.MaxPasswordLength)] string Password,
    [property: MaxLength(RequestLimits.MaxRoles), ListItems(RequestLimits.MaxNameLength)] IReadOnlyList<string> Roles);

/// <summary>
/// Creates a staff user (customers sign up through their own flow). The password is required and checked by the same
/// rules as everywhere (length, common passwords); the email counts as confirmed because an administrator vouches for it.
/// </summary>
public static class CreateUser
{
    public static RouteHandlerBuilder MapCreateUser(this IEndpointRouteBuilder users) =>
        users.MapPost("/", HandleAsync)
            .WithName("CreateUser")
            .SendsETag()
            .WithSummary("Create a staff user")
            .WithDescription(
                "Creates a staff user with an initial password (required: no invitation email is sent) and roles. " +
                "A taken email answers 409; unknown roles or roles granting permissions you don't hold answer 422.")
            .ChangesState()
            .SerializesAdministrativeChanges()
            .RequirePermission(Permissions.UsersManage);

    /// <summary>The use case: the new user, holding the requested roles; the change is logged.</summary>
    public static async Task<Result<OrdoUser>> ExecuteAsync(
        CreateUserRequest request,
        Administrator administrator,
        OrdoDbContext db,
        UserManager<OrdoUser> userManager,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(administrator);
        ArgumentNullException.ThrowIfNull(userManager);
        var email = Email.Create(request.Email);
        if (email.IsFailure)
        {
            return email.Error;
        }

        var roles = await AssignableRoles.ResolveAsync(db, request.Roles, [], administrator.Caller, cancellationToken);
        if (roles.IsFailure)
        {
            return roles.Error;
        }

        var user = new OrdoUser
        {
            Id = Guid.CreateVersion7(),
            UserName = email.Value.Value,
            Email = email.Value.Value,
            EmailConfirmed = true,
            CreatedAt = time.GetUtcNow(),
        };
        var created = await userManager.CreateAsync(user, request.Password);
        if (!created.Succeeded)
        {
            return created.Errors.Any(e => e.Code is nameof(IdentityErrorDescriber.DuplicateEmail) or nameof(IdentityErrorDescriber.DuplicateUserName))
                ? CustomerErrors.EmailTaken.Error("A user with this email address already exists.")
                : Invalid(created.Errors);
        }

        if (roles.Value.Count > 0)
        {
            AccessGuards.EnsureSaved(await userManager.AddToRolesAsync(user, roles.Value));
        }

        await AdministrationLog.UserCreatedAsync(administrator, user.Id, roles.Value);
        return user;
    }

    /// <summary>The REST adapter: 201 with the user, its ETag and its Location.</summary>
    public static async Task<Results<Created<UserResponse>, ProblemHttpResult>> HandleAsync(
        CreateUserRequest request,
        OrdoDbContext db,
        UserManager<OrdoUser> userManager,
        TimeProvider time,
        HttpContext http,
        CancellationToken cancellationToken)
    {
        var created = await ExecuteAsync(request, Administrator.Of(http), db, userManager, time, cancellationToken);
        if (created.IsFailure)
        {
            return created.Error.ToProblem();
        }

        var response = await UserResponse.LoadAsync(db, created.Value, time.GetUtcNow(), CallerAccess.Required(http), cancellationToken);
        http.Response.Headers.ETag = ETags.ForContent(http, response);
        return TypedResults.Created($"/api/v1/users/{created.Value.Id}", response);
    }

    private static DomainError Invalid(IEnumerable<IdentityError> errors)
    {
        var invalid = new RequestErrors();
        foreach (var error in errors)
        {
            invalid.Add(error.Code.Contains("Password", StringComparison.Ordinal) ? "$.password" : "$.email", error.Description);
        }

        return invalid.ToError();
    }
}
