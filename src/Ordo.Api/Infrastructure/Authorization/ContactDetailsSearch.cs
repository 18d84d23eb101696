using Microsoft.AspNetCore.Http.HttpResults;
using Ordo.Api.Http;


namespace Ordo.Api.Infrastructure.Authorization;

/// <summary>The one answer to a search by contact details from a caller who may not make it (<see cref="AccessRules.CanFindByContactDetails"/>).</summary>
public static class ContactDetailsSearch
{
    public const string Code = "contact_details_hidden";

    /// <summary>403 <c>contact_details_hidden</c> when the caller may not search by email, else null.</summary>
    public static ProblemHttpResult? RefusalFor(CallerAccess caller) =>
        AccessRules.CanFindByContactDetails(caller)
            ? null
            : DomainProblems.Problem(
                StatusCodes.Status403Forbidden, Code, $"Searching by a customer's email needs the '{Permissions.CustomersPii}' permission.");
}
