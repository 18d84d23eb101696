using Ordo.Api.Http;
namespace Ordo.Api.Features.Identity.Account;

/// <summary>
/// Self-service accounts under <c>/api/v1/account</c>: registration, email confirmation and password reset are
/// public (and never tell whether an address has an account); the rest act on the signed-in user's own account.
/// </summary>
public static class AccountEndpoints
{
    public static IServiceCollection AddOrdoAccount(this IServiceCollection services) =>
        services.AddJsonTypes(AccountJsonContext.Default);

    public static IEndpointRouteBuilder MapAccount(this IEndpointRouteBuilder api)
    {
        var account = api.MapGroup("/account").WithTags("Account");
        account.MapRegister();
        account.MapConfirmEmail();
        account.MapConfirmEmailChange();
        account.MapForgotPassword();
        account.MapResetPassword();
        account.MapGetAccount();
        account.MapChangePassword();
        account.MapLogout();
        account.MapEnrolAuthenticator();
        account.MapVerifyAuthenticator();
        account.MapRegenerateRecoveryCodes();
        account.MapDisableMfa();
        return api;
    }
}
