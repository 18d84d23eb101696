using Microsoft.AspNetCore.Http.HttpResults;
using Ordo.Api.Http;


namespace Ordo.Api.Infrastructure.Authorization;

/// <summary>The one answer to a search by contact details from a caller who may not make it (<see cref="AccessRules.CanFindByContactDetails"/>).</summary>
public static class ContactDetailsSearch
{
    /// <summary>The code, for callers that answer it themselves; prefer <see cref="AuthorizationErrors.ContactDetailsHidden"/>.</summary>
    public static string Code => AuthorizationErrors.ContactDetailsHidden.Code;

    /// <summary>403 <c>contact_details_hidden</c> when the caller may not search by email, else null.</summary>
    public static ProblemHttpResult? RefusalFor(CallerAccess caller) =>
        AccessRules.CanFindByContactDetails(caller)
            ? null
            : DomainProblems.Problem(
                AuthorizationErrors.ContactDetailsHidden, $"Searching by a customer's email needs the '{Permissions.CustomersPii}' permission.");
}
