using Microsoft.AspNetCore.Http.HttpResults;
using Ordo.Api.Http;
using Ordo.Domain.Common;

namespace Ordo.Api.Infrastructure.Authorization;

/// <summary>The one answer to a search by contact details from a caller who may not make it (<see cref="AccessRules.CanFindByContactDetails"/>).</summary>
public static class ContactDetailsSearch
{
    /// <summary>The refusal of a search by email (403 <c>contact_details_hidden</c>), whoever may or may not make it.</summary>
    public static DomainError Refusal { get; } =
        AuthorizationErrors.ContactDetailsHidden.Error($"Searching by a customer's email needs the '{Permissions.CustomersPii}' permission.");

    /// <summary>403 <c>contact_details_hidden</c> when the caller may not search by email, else null.</summary>
    public static ProblemHttpResult? RefusalFor(CallerAccess caller) =>
        AccessRules.CanFindByContactDetails(caller) ? null : Refusal.ToProblem();
}
