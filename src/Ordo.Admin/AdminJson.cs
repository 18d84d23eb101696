using System.Text.Json;
using System.Text.Json.Serialization;
using Ordo.Admin.Api;
using Ordo.Admin.Auth;

namespace Ordo.Admin;

/// <summary>Source-generated JSON metadata: no reflection left for the trimmer to break.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(PendingSignIn))]
[JsonSerializable(typeof(TokenResponse))]
[JsonSerializable(typeof(Account))]
[JsonSerializable(typeof(Page<OrderSummary>))]
[JsonSerializable(typeof(Page<OrderEvent>))]
[JsonSerializable(typeof(Order))]
[JsonSerializable(typeof(PayRequest))]
[JsonSerializable(typeof(RefundRequest))]
[JsonSerializable(typeof(ShipRequest))]
[JsonSerializable(typeof(Problem))]
[JsonSerializable(typeof(Page<User>))]
[JsonSerializable(typeof(User))]
[JsonSerializable(typeof(CreateUserRequest))]
[JsonSerializable(typeof(SetUserRolesRequest))]
[JsonSerializable(typeof(Page<UserSession>))]
[JsonSerializable(typeof(Page<Role>))]
[JsonSerializable(typeof(Role))]
[JsonSerializable(typeof(RoleRequest))]
[JsonSerializable(typeof(IReadOnlyList<PermissionInfo>))]
[JsonSerializable(typeof(Page<AuditEntry>))]
[JsonSerializable(typeof(AuditVerification))]
[JsonSerializable(typeof(NoContent))]
[JsonSerializable(typeof(Page<Client>))]
[JsonSerializable(typeof(CreateClientRequest))]
[JsonSerializable(typeof(ClientWithSecret))]
[JsonSerializable(typeof(Page<Webhook>))]
[JsonSerializable(typeof(Webhook))]
[JsonSerializable(typeof(CreateWebhookRequest))]
[JsonSerializable(typeof(CreatedWebhook))]
[JsonSerializable(typeof(WebhookPatch))]
[JsonSerializable(typeof(WebhookSecret))]
[JsonSerializable(typeof(Page<WebhookDelivery>))]
[JsonSerializable(typeof(WebhookDelivery))]
internal sealed partial class AdminJson : JsonSerializerContext;
