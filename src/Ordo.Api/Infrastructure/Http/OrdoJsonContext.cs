using System.Text.Json;
using System.Text.Json.Serialization;
using Ordo.Api.Features.Account;
using Ordo.Api.Features.Clients;
using Ordo.Api.Features.Customers;
using Ordo.Api.Features.Orders;
using Ordo.Api.Features.Products;
using Ordo.Api.Features.Roles;
using Ordo.Api.Features.Users;
using Ordo.Api.Infrastructure.Health;

namespace Ordo.Api.Infrastructure.Http;

/// <summary>
/// Source-generated serialization for every type on the wire (camelCase, web defaults). One declaration only: the
/// generator does not merge attributes from several partial declarations, so every feature registers its types here.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, NumberHandling = JsonNumberHandling.Strict)]
[JsonSerializable(typeof(HealthResponse))]
[JsonSerializable(typeof(CursorPayload))]
[JsonSerializable(typeof(ProductResponse))]
[JsonSerializable(typeof(Page<ProductResponse>))]
[JsonSerializable(typeof(CreateProductRequest))]
[JsonSerializable(typeof(StockAdjustmentRequest))]
[JsonSerializable(typeof(StockMovementResponse))]
[JsonSerializable(typeof(Page<StockMovementResponse>))]
[JsonSerializable(typeof(CustomerResponse))]
[JsonSerializable(typeof(Page<CustomerResponse>))]
[JsonSerializable(typeof(CreateCustomerRequest))]
[JsonSerializable(typeof(List<AddressRequest>))]
[JsonSerializable(typeof(OrderResponse))]
[JsonSerializable(typeof(ShipmentResponse))]
[JsonSerializable(typeof(RefundResponse))]
[JsonSerializable(typeof(Page<OrderSummaryResponse>))]
[JsonSerializable(typeof(Page<OrderEventResponse>))]
[JsonSerializable(typeof(PlaceOrderRequest))]
[JsonSerializable(typeof(PayOrderRequest))]
[JsonSerializable(typeof(RefundOrderRequest))]
[JsonSerializable(typeof(ShipOrderRequest))]
[JsonSerializable(typeof(RegisterRequest))]
[JsonSerializable(typeof(ConfirmEmailRequest))]
[JsonSerializable(typeof(ForgotPasswordRequest))]
[JsonSerializable(typeof(ResetPasswordRequest))]
[JsonSerializable(typeof(ChangePasswordRequest))]
[JsonSerializable(typeof(MfaCodeRequest))]
[JsonSerializable(typeof(AccountAcceptedResponse))]
[JsonSerializable(typeof(AccountResponse))]
[JsonSerializable(typeof(AuthenticatorEnrolmentResponse))]
[JsonSerializable(typeof(RecoveryCodesResponse))]
[JsonSerializable(typeof(UserResponse))]
[JsonSerializable(typeof(Page<UserResponse>))]
[JsonSerializable(typeof(CreateUserRequest))]
[JsonSerializable(typeof(SetUserRolesRequest))]
[JsonSerializable(typeof(Page<SessionResponse>))]
[JsonSerializable(typeof(RoleResponse))]
[JsonSerializable(typeof(Page<RoleResponse>))]
[JsonSerializable(typeof(RoleRequest))]
[JsonSerializable(typeof(List<PermissionResponse>))]
[JsonSerializable(typeof(ClientResponse))]
[JsonSerializable(typeof(Page<ClientResponse>))]
[JsonSerializable(typeof(CreateClientRequest))]
[JsonSerializable(typeof(ClientCredentialsResponse))]
[JsonSerializable(typeof(CreatedClientResponse))]
internal sealed partial class OrdoJsonContext : JsonSerializerContext;

public static class JsonSetup
{
    public static IServiceCollection AddOrdoJson(this IServiceCollection services) =>
        services.ConfigureHttpJsonOptions(options =>
        {
            var json = options.SerializerOptions;
            json.TypeInfoResolverChain.Insert(0, OrdoJsonContext.Default);
            // Strict input: unknown fields, missing required values and nulls in non-nullable places are errors.
            json.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
            json.RespectNullableAnnotations = true;
            json.RespectRequiredConstructorParameters = true;
            json.AllowTrailingCommas = false;
            json.NumberHandling = JsonNumberHandling.Strict; // "5" is not a number

            json.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower));
        });
}
