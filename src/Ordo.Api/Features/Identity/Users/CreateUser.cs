using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Ordo.Api.Features.Identity.Account;
using Ordo.Api.Features.Identity.Administration;
using Ordo.Api.Http;
using Ordo.Api.Infrastructure.Authorization;
using Ordo.Api.Infrastructure.Idempotency;
using Ordo.Api.Infrastructure.Identity;
using Ordo.Api.Infrastructure.OpenApi;
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

    public static async Task<Results<Created<UserResponse>, ProblemHttpResult>> HandleAsync(
        CreateUserRequest request,
        OrdoDbContext db,
        UserManager<OrdoUser> userManager,
        TimeProvider time,
        HttpContext http,
        CancellationToken cancellationToken)
    {
        var email = Email.Create(request.Email);
        if (email.IsFailure)
        {
            return email.Error.ToProblem();
        }

        var roles = await AssignableRoles.ResolveAsync(db, request.Roles, [], http, cancellationToken);
        if (roles.Problem is not null)
        {
            return roles.Problem;
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
            return created.Errors.Any(e => e.Code is "DuplicateEmail" or "DuplicateUserName")
                ? DomainProblems.Problem(AccountErrors.EmailTaken, "A user with this email address already exists.")
                : Invalid(created.Errors);
        }

        if (roles.Names.Count > 0)
        {
            AccessGuards.EnsureSaved(await userManager.AddToRolesAsync(user, roles.Names));
        }

        AdministrationLog.UserCreated(http, user.Id, roles.Names);
        var response = await UserResponse.LoadAsync(http, db, user, time.GetUtcNow(), cancellationToken);
        http.Response.Headers.ETag = ETags.ForContent(http, response);
        return TypedResults.Created($"/api/v1/users/{user.Id}", response);
    }

    private static ProblemHttpResult Invalid(IEnumerable<IdentityError> errors)
    {
        var invalid = new RequestErrors();
        foreach (var error in errors)
        {
            invalid.Add(error.Code.Contains("Password", StringComparison.Ordinal) ? "$.password" : "$.email", error.Description);
        }

        return invalid.ToProblem();
    }
}
