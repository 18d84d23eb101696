using Ordo.Domain.Common;

namespace Ordo.Api.Features.Identity.Clients;

/// <summary>
/// The error catalogue of API client administration (see <see cref="ErrorCode"/>); the guard rails it shares with
/// users and roles are <see cref="Administration.AdministrationErrors"/>.
/// </summary>
public static class ClientErrors
{
    public static readonly ErrorCode UnknownScopes = new(
        "unknown_scopes", ErrorKind.BusinessRule, "A confidential client's scopes name permissions that are not in the catalogue; `scopes` lists them.");

    public static readonly ErrorCode BuiltInClient = new(
        "built_in_client", ErrorKind.BusinessRule, "Deleting the built-in `ordo-admin` panel client.");

    public static readonly ErrorCode ClientNotConfidential = new(
        "client_not_confidential", ErrorKind.BusinessRule, "Rotating the secret of a public client, which has none.");
}
