using System.Globalization;
using System.Security.Claims;
using System.Text;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Ordo.Api.Infrastructure.Identity;
using Ordo.Api.Infrastructure.Pipeline;
using Ordo.Persistence.Identity;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Ordo.Api.Features.Identity.Auth;

/// <summary>
/// <c>GET/POST /account/login</c>: the server-rendered sign-in page of the authorization code flow. Step one checks
/// the password (the same rules as the password grant); step two asks for the authenticator or recovery code, or,
/// for users whose permissions require two-step verification and who have none yet, enrols an authenticator.
/// Success sets a short-lived sign-in cookie and returns to the (local) <c>returnUrl</c>, normally
/// <c>/connect/authorize</c>. No scripts, everything HTML-encoded, an antiforgery token on every form.
/// </summary>
public static class SignInPage
{
    public const string CookieScheme = "ordo-signin";
    private const string PendingPurpose = "Ordo.SignInPage.PendingSecondFactor";
    private static readonly TimeSpan PendingLifetime = TimeSpan.FromMinutes(5);

    public static IServiceCollection AddOrdoSignInPage(this IServiceCollection services)
    {
        services.AddAuthentication().AddCookie(CookieScheme);
        services.AddOptions<CookieAuthenticationOptions>(CookieScheme).Configure<IHostEnvironment>((cookie, environment) =>
        {
            cookie.Cookie.Name = CookieScheme;
            cookie.Cookie.HttpOnly = true;
            cookie.Cookie.SameSite = SameSiteMode.Lax;
            cookie.Cookie.SecurePolicy = TransportSecurity.CookiePolicy(environment);
            // Only long enough to finish the authorization request; the admin panel then lives on its tokens.
            cookie.ExpireTimeSpan = TimeSpan.FromMinutes(15);
            cookie.SlidingExpiration = false;
            cookie.LoginPath = HostedPages.SignInPath;
            cookie.ReturnUrlParameter = "returnUrl";
        });
        services.AddAntiforgery();
        services.AddOptions<AntiforgeryOptions>().Configure<IHostEnvironment>((antiforgery, environment) =>
        {
            antiforgery.Cookie.Name = "ordo-antiforgery";
            antiforgery.Cookie.SameSite = SameSiteMode.Strict;
            antiforgery.Cookie.SecurePolicy = TransportSecurity.CookiePolicy(environment);
        });
        return services;
    }

    public static void MapSignInPage(this IEndpointRouteBuilder app)
    {
        app.MapGet(HostedPages.SignInPath, (HttpContext http, IAntiforgery antiforgery, string? returnUrl) =>
                HostedPages.RefusedOverPlainHttp(http) ?? HostedPages.Html(http, PasswordForm(http, antiforgery, HostedPages.Local(returnUrl), email: null, error: null)))
            .AllowAnonymous()
            .ExcludeFromDescription();
        app.MapPost(HostedPages.SignInPath, SubmitAsync)
            .AllowAnonymous()
            .RequireAttemptLimits(AttemptLimits.SignIn, AttemptLimits.FormField("email"))
            .ExcludeFromDescription();
    }

    private static async Task<IResult> SubmitAsync(
        HttpContext http, IAntiforgery antiforgery, UserSignIn signIn, UserManager<OrdoUser> users, FailedAttempts failures,
        UserSessions sessions, IDataProtectionProvider protection)
    {
        if (HostedPages.RefusedOverPlainHttp(http) is { } refused)
        {
            return refused;
        }

        var cancellationToken = http.RequestAborted;
        var form = await http.Request.ReadFormAsync(cancellationToken);
        var returnUrl = HostedPages.Local(form["returnUrl"]);
        if (!await antiforgery.IsRequestValidAsync(http))
        {
            return HostedPages.Html(http, PasswordForm(http, antiforgery, returnUrl, null, "The form expired; please sign in again."), StatusCodes.Status400BadRequest);
        }

        var pending = protection.CreateProtector(PendingPurpose).ToTimeLimitedDataProtector();
        var step = form["step"].ToString();
        if (step is "otp" or "enrol")
        {
            var user = await PendingUserAsync(pending, users, form["state"].ToString());
            if (user is null)
            {
                return HostedPages.Html(http, PasswordForm(http, antiforgery, returnUrl, null, "The sign-in took too long; please start again."));
            }

            var code = form["code"].ToString();
            if (step == "enrol" && !user.TwoFactorEnabled)
            {
                var locked = await users.IsLockedOutAsync(user);
                var codes = locked ? null : await Authenticator.CompleteEnrolmentAsync(users, failures, user, code);
                if (codes is null)
                {
                    await signIn.RecordFailedAsync(user, locked ? UserSignIn.FailureReasons.LockedOut : UserSignIn.FailureReasons.WrongCode);
                    return HostedPages.Html(http, await EnrolFormAsync(http, antiforgery, users, pending, user, returnUrl, UserSignIn.MfaCodeInvalid));
                }

                await users.ResetAccessFailedCountAsync(user);
                // Two-step verification is on: sessions opened with the password alone end; this one starts afresh.
                await sessions.RevokeAllAsync(user, cancellationToken);
                await SignInAsync(http, user);
                return HostedPages.Html(http, RecoveryCodesPage(codes, returnUrl));
            }

            // The password step checked the lockout; a second step is its own attempt and checks it again (and audits it).
            var second = await signIn.CheckSecondFactorAsync(user, code, cancellationToken);
            if (second.User is null)
            {
                return HostedPages.Html(http, OtpForm(http, antiforgery, Protect(pending, user), returnUrl, UserSignIn.MfaCodeInvalid));
            }

            return await CompleteAsync(http, second.User, returnUrl);
        }

        var first = await signIn.CheckPasswordAsync(form["email"].ToString(), form["password"].ToString());
        if (first.User is not { } signedIn)
        {
            return HostedPages.Html(http, PasswordForm(http, antiforgery, returnUrl, form["email"], first.Error));
        }

        if (signedIn.TwoFactorEnabled)
        {
            return HostedPages.Html(http, OtpForm(http, antiforgery, Protect(pending, signedIn), returnUrl, error: null));
        }

        if (await signIn.MustEnrolInMfaAsync(signedIn, cancellationToken))
        {
            if (await users.GetAuthenticatorKeyAsync(signedIn) is null)
            {
                await users.ResetAuthenticatorKeyAsync(signedIn);
            }

            return HostedPages.Html(http, await EnrolFormAsync(http, antiforgery, users, pending, signedIn, returnUrl, error: null));
        }

        await users.ResetAccessFailedCountAsync(signedIn);
        return await CompleteAsync(http, signedIn, returnUrl);
    }

    private static async Task<IResult> CompleteAsync(HttpContext http, OrdoUser user, string? returnUrl)
    {
        await SignInAsync(http, user);
        return returnUrl is null
            ? HostedPages.Html(http, HostedPages.Page("Signed in", "<p>You are signed in. You can close this page.</p>"))
            : Results.Redirect(returnUrl);
    }

    public const string SignInPageMethod = "sign_in_page";

    private static async Task SignInAsync(HttpContext http, OrdoUser user)
    {
        await http.RequestServices.GetRequiredService<UserSignIn>().RecordSignedInAsync(user, SignInPageMethod, http.RequestAborted);
        var identity = new ClaimsIdentity(CookieScheme, Claims.Subject, Claims.Role);
        identity.AddClaim(new Claim(Claims.Subject, user.Id.ToString()));
        identity.AddClaim(new Claim(IdentityRegistration.SessionVersionClaim, user.SessionVersion.ToString(CultureInfo.InvariantCulture)));
        await http.SignInAsync(CookieScheme, new ClaimsPrincipal(identity), new AuthenticationProperties { IsPersistent = false });
    }

    /// <summary>The user between the password and the code, bound to their security stamp (a password change voids it).</summary>
    private static string Protect(ITimeLimitedDataProtector pending, OrdoUser user) =>
        pending.Protect($"{user.Id}|{user.SecurityStamp}", PendingLifetime);

    private static async Task<OrdoUser?> PendingUserAsync(ITimeLimitedDataProtector pending, UserManager<OrdoUser> users, string state)
    {
        string payload;
        try
        {
            payload = pending.Unprotect(state);
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return null;
        }

        var parts = payload.Split('|');
        var user = parts.Length == 2 ? await users.FindByIdAsync(parts[0]) : null;
        return user is { IsDisabled: false } && user.SecurityStamp == parts[1] ? user : null;
    }

    private static string Form(HttpContext http, IAntiforgery antiforgery, string step, string? returnUrl, string? state, string? error, string fields)
    {
        var tokens = antiforgery.GetAndStoreTokens(http);
        var builder = new StringBuilder();
        if (error is not null)
        {
            builder.Append(CultureInfo.InvariantCulture, $"<p role=\"alert\">{HostedPages.E(error)}</p>");
        }

        builder.Append(CultureInfo.InvariantCulture, $"<form method=\"post\" action=\"{HostedPages.E(HostedPages.SignInPath)}\">")
            .Append(CultureInfo.InvariantCulture, $"<input type=\"hidden\" name=\"{HostedPages.E(tokens.FormFieldName)}\" value=\"{HostedPages.E(tokens.RequestToken)}\">")
            .Append(CultureInfo.InvariantCulture, $"<input type=\"hidden\" name=\"step\" value=\"{HostedPages.E(step)}\">")
            .Append(CultureInfo.InvariantCulture, $"<input type=\"hidden\" name=\"returnUrl\" value=\"{HostedPages.E(returnUrl)}\">");
        if (state is not null)
        {
            builder.Append(CultureInfo.InvariantCulture, $"<input type=\"hidden\" name=\"state\" value=\"{HostedPages.E(state)}\">");
        }

        return builder.Append(fields).Append("</form>").ToString();
    }

    private static string PasswordForm(HttpContext http, IAntiforgery antiforgery, string? returnUrl, string? email, string? error) =>
        HostedPages.Page("Sign in", Form(http, antiforgery, "password", returnUrl, state: null, error,
            $"<p><label>Email <input type=\"email\" name=\"email\" autocomplete=\"username\" required value=\"{HostedPages.E(email)}\"></label></p>"
            + "<p><label>Password <input type=\"password\" name=\"password\" autocomplete=\"current-password\" required></label></p>"
            + "<p><button type=\"submit\">Sign in</button></p>")
            + HostedPages.Link(HostedPages.ForgotPasswordPath, returnUrl, "Forgot your password?")
            + HostedPages.Link(HostedPages.RegisterPath, returnUrl, "Create an account"));

    private static string OtpForm(HttpContext http, IAntiforgery antiforgery, string state, string? returnUrl, string? error) =>
        HostedPages.Page("Two-step verification", Form(http, antiforgery, "otp", returnUrl, state, error,
            "<p><label>Code from your authenticator app, or a recovery code <input name=\"code\" autocomplete=\"one-time-code\" required></label></p>"
            + "<p><button type=\"submit\">Verify</button></p>"));

    private static async Task<string> EnrolFormAsync(
        HttpContext http, IAntiforgery antiforgery, UserManager<OrdoUser> users, ITimeLimitedDataProtector pending, OrdoUser user, string? returnUrl, string? error)
    {
        var key = (await users.GetAuthenticatorKeyAsync(user))!;
        return HostedPages.Page("Set up two-step verification", Form(http, antiforgery, "enrol", returnUrl, Protect(pending, user), error,
            "<p>Your account requires two-step verification. Add this key to an authenticator app, then enter the code it shows.</p>"
            + $"<p>Key: <code>{HostedPages.E(key)}</code></p><p>Key URI: <code>{HostedPages.E(Authenticator.OtpauthUri(user.Email!, key))}</code></p>"
            + "<p><label>Code <input name=\"code\" autocomplete=\"one-time-code\" required></label></p>"
            + "<p><button type=\"submit\">Turn on two-step verification</button></p>"));
    }

    private static string RecoveryCodesPage(IReadOnlyList<string> codes, string? returnUrl) =>
        HostedPages.Page("Two-step verification is on",
            "<p>Keep these recovery codes somewhere safe. Each signs you in once if you lose your authenticator. They are shown only now.</p><ul>"
            + string.Concat(codes.Select(code => $"<li><code>{HostedPages.E(code)}</code></li>"))
            + "</ul>"
            + (returnUrl is null ? "" : $"<p><a href=\"{HostedPages.E(returnUrl)}\">Continue</a></p>"));
}
