using Ordo.Domain.Common;

namespace Ordo.Api.Infrastructure.Authorization;

/// <summary>The one answer to a search by contact details from a caller who may not make it (<see cref="AccessRules.CanFindByContactDetails"/>).</summary>
public static class ContactDetailsSearch
{
    /// <summary>403 <c>contact_details_hidden</c> when the caller may not search by email, else null.</summary>
    public static DomainError? Refusal(CallerAccess caller) =>
        AccessRules.CanFindByContactDetails(caller)
            ? null
            : AuthorizationErrors.ContactDetailsHidden.Error($"Searching by a customer's email needs the '{Permissions.CustomersPii}' permission.");
}
