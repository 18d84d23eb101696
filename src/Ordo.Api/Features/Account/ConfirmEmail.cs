using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Ordo.Api.Infrastructure.Http;
using Ordo.Persistence.Identity;

namespace Ordo.Api.Features.Account;

public sealed record ConfirmEmailRequest(Guid UserId, [property: MaxLength(RequestLimits.MaxTokenLength)] string Token);

public static class ConfirmEmail
{
    public static RouteHandlerBuilder MapConfirmEmail(this IEndpointRouteBuilder account) =>
        account.MapPost("/confirm-email", HandleAsync)
            .AllowAnonymous()
            .WithName("ConfirmEmail")
            .WithSummary("Confirm an email address")
            .WithDescription("Takes the user id and token from the confirmation link. Customers can sign in once their address is confirmed.")
            .ProducesProblem(StatusCodes.Status400BadRequest);

    public static async Task<Results<NoContent, ProblemHttpResult>> HandleAsync(ConfirmEmailRequest request, UserManager<OrdoUser> users)
    {
        var user = await users.FindByIdAsync(request.UserId.ToString());
        if (user is null || !(await users.ConfirmEmailAsync(user, request.Token)).Succeeded)
        {
            return AccountProblems.InvalidToken();
        }

        return TypedResults.NoContent();
    }
}
