using System.Globalization;
using System.Security.Claims;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Ordo.Api.Features.Account;
using Ordo.Api.Infrastructure.Http;
using Ordo.Api.Infrastructure.Identity;
using Ordo.Persistence.Identity;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Ordo.Api.Features.Auth;

/// <summary>
/// <c>GET/POST /account/login</c>: the server-rendered sign-in page of the authorization code flow. Step one checks
/// the password (the same rules as the password grant); step two asks for the authenticator or recovery code, or,
/// for users whose permissions require two-step verification and who have none yet, enrols an authenticator.
/// Success sets a short-lived sign-in cookie and returns to the (local) <c>returnUrl</c>, normally
/// <c>/connect/authorize</c>. No scripts, everything HTML-encoded, an antiforgery token on every form.
/// </summary>
public static class SignInPage
{
    public const string Path = "/account/login";
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
            cookie.LoginPath = Path;
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
        app.MapGet(Path, (HttpContext http, IAntiforgery antiforgery, string? returnUrl) =>
                RefusedOverPlainHttp(http) ?? Html(http, PasswordForm(http, antiforgery, Local(returnUrl), email: null, error: null)))
            .AllowAnonymous()
            .ExcludeFromDescription();
        app.MapPost(Path, SubmitAsync)
            .AllowAnonymous()
            .RequireAttemptLimits(AttemptLimits.SignIn, AttemptLimits.FormField("email"))
            .ExcludeFromDescription();
    }

    private static async Task<IResult> SubmitAsync(
        HttpContext http, IAntiforgery antiforgery, UserSignIn signIn, UserManager<OrdoUser> users, FailedAttempts failures,
        UserSessions sessions, IDataProtectionProvider protection)
    {
        if (RefusedOverPlainHttp(http) is { } refused)
        {
            return refused;
        }

        var cancellationToken = http.RequestAborted;
        var form = await http.Request.ReadFormAsync(cancellationToken);
        var returnUrl = Local(form["returnUrl"]);
        if (!await antiforgery.IsRequestValidAsync(http))
        {
            return Html(http, PasswordForm(http, antiforgery, returnUrl, null, "The form expired; please sign in again."), StatusCodes.Status400BadRequest);
        }

        var pending = protection.CreateProtector(PendingPurpose).ToTimeLimitedDataProtector();
        var step = form["step"].ToString();
        if (step is "otp" or "enrol")
        {
            var user = await PendingUserAsync(pending, users, form["state"].ToString());
            if (user is null)
            {
                return Html(http, PasswordForm(http, antiforgery, returnUrl, null, "The sign-in took too long; please start again."));
            }

            var code = form["code"].ToString();
            if (step == "enrol" && !user.TwoFactorEnabled)
            {
                var codes = await users.IsLockedOutAsync(user) ? null : await Authenticator.CompleteEnrolmentAsync(users, failures, user, code);
                if (codes is null)
                {
                    return Html(http, await EnrolFormAsync(http, antiforgery, users, pending, user, returnUrl, UserSignIn.MfaCodeInvalid));
                }

                await users.ResetAccessFailedCountAsync(user);
                // Two-step verification is on: sessions opened with the password alone end; this one starts afresh.
                await sessions.RevokeAllAsync(user, cancellationToken);
                await SignInAsync(http, user);
                return Html(http, RecoveryCodesPage(codes, returnUrl));
            }

            // The password step checked the lockout; a second step is its own attempt and must check it again.
            var second = await users.IsLockedOutAsync(user)
                ? UserSignIn.Outcome.Denied(UserSignIn.MfaCodeInvalid)
                : await signIn.CheckSecondFactorAsync(user, code, cancellationToken);
            if (second.User is null)
            {
                return Html(http, OtpForm(http, antiforgery, Protect(pending, user), returnUrl, UserSignIn.MfaCodeInvalid));
            }

            return await CompleteAsync(http, second.User, returnUrl);
        }

        var first = await signIn.CheckPasswordAsync(form["email"].ToString(), form["password"].ToString());
        if (first.User is not { } signedIn)
        {
            return Html(http, PasswordForm(http, antiforgery, returnUrl, form["email"], first.Error));
        }

        if (signedIn.TwoFactorEnabled)
        {
            return Html(http, OtpForm(http, antiforgery, Protect(pending, signedIn), returnUrl, error: null));
        }

        if (await signIn.MustEnrolInMfaAsync(signedIn, cancellationToken))
        {
            if (await users.GetAuthenticatorKeyAsync(signedIn) is null)
            {
                await users.ResetAuthenticatorKeyAsync(signedIn);
            }

            return Html(http, await EnrolFormAsync(http, antiforgery, users, pending, signedIn, returnUrl, error: null));
        }

        await users.ResetAccessFailedCountAsync(signedIn);
        return await CompleteAsync(http, signedIn, returnUrl);
    }

    private static async Task<IResult> CompleteAsync(HttpContext http, OrdoUser user, string? returnUrl)
    {
        await SignInAsync(http, user);
        return returnUrl is null
            ? Html(http, Page("Signed in", "<p>You are signed in. You can close this page.</p>"))
            : Results.Redirect(returnUrl);
    }

    private static Task SignInAsync(HttpContext http, OrdoUser user)
    {
        var identity = new ClaimsIdentity(CookieScheme, Claims.Subject, Claims.Role);
        identity.AddClaim(new Claim(Claims.Subject, user.Id.ToString()));
        identity.AddClaim(new Claim(IdentityRegistration.SessionVersionClaim, user.SessionVersion.ToString(CultureInfo.InvariantCulture)));
        return http.SignInAsync(CookieScheme, new ClaimsPrincipal(identity), new AuthenticationProperties { IsPersistent = false });
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

    /// <summary>
    /// Outside Development the pages' cookies (sign-in, antiforgery) are Secure, so over plain HTTP (no TLS, and no
    /// known proxy saying the client used HTTPS) a page with a form answers 400 instead of setting cookies the browser
    /// would drop (the antiforgery system would throw, a 500). Every page with a form asks this first.
    /// </summary>
    internal static IResult? RefusedOverPlainHttp(HttpContext http, string title = "Sign-in needs HTTPS", string action = "sign in") =>
        http.Request.IsHttps || TransportSecurity.CookiePolicy(http.RequestServices.GetRequiredService<IHostEnvironment>()) != CookieSecurePolicy.Always
            ? null
            : Html(http, Page(title, $"<p>Open this page over HTTPS to {E(action)}.</p>"), StatusCodes.Status400BadRequest);

    /// <summary>Only a path on this server: anything else would make the page an open redirect.</summary>
    internal static string? Local(string? url) =>
        url is { Length: > 0 } && url[0] == '/' && (url.Length == 1 || (url[1] != '/' && url[1] != '\\')) && !url.Any(char.IsControl)
            ? url
            : null;

    internal static IResult Html(HttpContext http, string html, int status = StatusCodes.Status200OK)
    {
        var headers = http.Response.Headers;
        headers.ContentSecurityPolicy = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'";
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        headers.CacheControl = "no-store";
        return Results.Content(html, "text/html; charset=utf-8", Encoding.UTF8, status);
    }

    internal static string E(string? text) => HtmlEncoder.Default.Encode(text ?? "");

    internal static string Page(string title, string body) =>
        $"<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width\"><title>{E(title)} · Ordo</title></head><body><main><h1>{E(title)}</h1>{body}</main></body></html>";

    private static string Form(HttpContext http, IAntiforgery antiforgery, string step, string? returnUrl, string? state, string? error, string fields)
    {
        var tokens = antiforgery.GetAndStoreTokens(http);
        var builder = new StringBuilder();
        if (error is not null)
        {
            builder.Append(CultureInfo.InvariantCulture, $"<p role=\"alert\">{E(error)}</p>");
        }

        builder.Append(CultureInfo.InvariantCulture, $"<form method=\"post\" action=\"{E(Path)}\">")
            .Append(CultureInfo.InvariantCulture, $"<input type=\"hidden\" name=\"{E(tokens.FormFieldName)}\" value=\"{E(tokens.RequestToken)}\">")
            .Append(CultureInfo.InvariantCulture, $"<input type=\"hidden\" name=\"step\" value=\"{E(step)}\">")
            .Append(CultureInfo.InvariantCulture, $"<input type=\"hidden\" name=\"returnUrl\" value=\"{E(returnUrl)}\">");
        if (state is not null)
        {
            builder.Append(CultureInfo.InvariantCulture, $"<input type=\"hidden\" name=\"state\" value=\"{E(state)}\">");
        }

        return builder.Append(fields).Append("</form>").ToString();
    }

    private static string PasswordForm(HttpContext http, IAntiforgery antiforgery, string? returnUrl, string? email, string? error) =>
        Page("Sign in", Form(http, antiforgery, "password", returnUrl, state: null, error,
            $"<p><label>Email <input type=\"email\" name=\"email\" autocomplete=\"username\" required value=\"{E(email)}\"></label></p>"
            + "<p><label>Password <input type=\"password\" name=\"password\" autocomplete=\"current-password\" required></label></p>"
            + "<p><button type=\"submit\">Sign in</button></p>")
            + AccountPages.Link(ForgotPassword.PagePath, returnUrl, "Forgot your password?")
            + AccountPages.Link(Register.PagePath, returnUrl, "Create an account"));

    private static string OtpForm(HttpContext http, IAntiforgery antiforgery, string state, string? returnUrl, string? error) =>
        Page("Two-step verification", Form(http, antiforgery, "otp", returnUrl, state, error,
            "<p><label>Code from your authenticator app, or a recovery code <input name=\"code\" autocomplete=\"one-time-code\" required></label></p>"
            + "<p><button type=\"submit\">Verify</button></p>"));

    private static async Task<string> EnrolFormAsync(
        HttpContext http, IAntiforgery antiforgery, UserManager<OrdoUser> users, ITimeLimitedDataProtector pending, OrdoUser user, string? returnUrl, string? error)
    {
        var key = (await users.GetAuthenticatorKeyAsync(user))!;
        return Page("Set up two-step verification", Form(http, antiforgery, "enrol", returnUrl, Protect(pending, user), error,
            "<p>Your account requires two-step verification. Add this key to an authenticator app, then enter the code it shows.</p>"
            + $"<p>Key: <code>{E(key)}</code></p><p>Key URI: <code>{E(Authenticator.OtpauthUri(user.Email!, key))}</code></p>"
            + "<p><label>Code <input name=\"code\" autocomplete=\"one-time-code\" required></label></p>"
            + "<p><button type=\"submit\">Turn on two-step verification</button></p>"));
    }

    private static string RecoveryCodesPage(IReadOnlyList<string> codes, string? returnUrl) =>
        Page("Two-step verification is on",
            "<p>Keep these recovery codes somewhere safe. Each signs you in once if you lose your authenticator. They are shown only now.</p><ul>"
            + string.Concat(codes.Select(code => $"<li><code>{E(code)}</code></li>"))
            + "</ul>"
            + (returnUrl is null ? "" : $"<p><a href=\"{E(returnUrl)}\">Continue</a></p>"));
}
