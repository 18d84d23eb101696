using System.Text.Json;
using System.Text.Json.Serialization;

namespace Ordo.Api.Features.Identity.Account;

/// <summary>Source-generated serialization of this area's request and response types, chained into the API's JSON options when the area is added.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, NumberHandling = JsonNumberHandling.Strict)]
[JsonSerializable(typeof(RegisterRequest))]
[JsonSerializable(typeof(ConfirmEmailRequest))]
[JsonSerializable(typeof(ConfirmEmailChangeRequest))]
[JsonSerializable(typeof(EnrolAuthenticatorRequest))]
[JsonSerializable(typeof(DisableMfaRequest))]
[JsonSerializable(typeof(ForgotPasswordRequest))]
[JsonSerializable(typeof(ResetPasswordRequest))]
[JsonSerializable(typeof(ChangePasswordRequest))]
[JsonSerializable(typeof(MfaCodeRequest))]
[JsonSerializable(typeof(AccountAcceptedResponse))]
[JsonSerializable(typeof(AccountResponse))]
[JsonSerializable(typeof(AuthenticatorEnrolmentResponse))]
[JsonSerializable(typeof(RecoveryCodesResponse))]
internal sealed partial class AccountJsonContext : JsonSerializerContext;
