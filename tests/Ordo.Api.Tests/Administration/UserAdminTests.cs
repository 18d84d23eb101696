using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Testing;
using Ordo.Api.Features.Customers;
using Ordo.Api.Features.Identity.Users;
using Ordo.Api.Http;
using Ordo.Api.Tests.Infrastructure;
using Ordo.Api.Tests.Orders;
using Ordo.Persistence.Identity;
using static Ordo.Api.Tests.Administration.AdminTestSupport;

namespace Ordo.Api.Tests.Administration;

/// <summary>
/// /api/v1/users. The bootstrap admin stays this fixture's only holder of users.manage and roles.manage (no test
/// here creates an admin), which the last-administrator test relies on.
/// </summary>
public abstract class UserAdminTests(ApiFixture fixture) : ProviderTests(fixture)
{
    private static readonly string[] UserFields =
        ["id", "email", "kind", "customerId", "roles", "disabled", "mfaEnabled", "lockedOut", "emailConfirmed", "createdAt"];

    private HttpClient Anonymous => Fixture.CreateAnonymousClient();

    private async Task<Guid> AdminIdAsync()
    {
        var page = await (await Client.GetAsync($"/api/v1/users?email={Uri.EscapeDataString(TestAuth.AdminEmail)}", Cancellation)).ReadAsync<Page<UserResponse>>(HttpStatusCode.OK);
        return page.Data[0].Id;
    }

    /// <summary>
    /// Runs <paramref name="act"/> as a user manager holding only users.read, users.manage and catalog.read, and
    /// disables them afterwards: this fixture's bootstrap admin must stay the only full user manager (see the
    /// last-administrator test).
    /// </summary>
    private async Task AsLimitedUserManagerAsync(Func<HttpClient, Task> act)
    {
        var (_, custom) = await CreateRoleAsync(Client, "users.read", "users.manage", "catalog.read");
        var (managerId, email, password) = await CreateStaffAsync(Client, custom);
        try
        {
            await act(Fixture.Factory.CreateClientFor(email, password));
        }
        finally
        {
            (await Client.SendPostAsync($"/api/v1/users/{managerId}/disable", new { })).EnsureSuccessStatusCode();
        }
    }

    [Fact]
    public async Task Without_customers_pii_a_customer_accounts_email_is_masked_and_cannot_be_searched_for()
    {
        var address = $"shopper-{Guid.NewGuid():N}@example.com";
        var customer = await (await Client.SendPostAsync("/api/v1/customers", new { name = "Ada Shopper", email = address })).ReadAsync<CustomerResponse>(HttpStatusCode.Created);
        var account = await TestAuth.CreateUserAsync(Fixture.Factory.Services, address, TestAuth.NewPassword(), ["customer"], customer.Id);
        var (_, readerRole) = await CreateRoleAsync(Client, "users.read");
        var (_, readerEmail, readerPassword) = await CreateStaffAsync(Client, readerRole);
        using var reader = Fixture.Factory.CreateClientFor(readerEmail, readerPassword);
        var search = $"/api/v1/users?email={Uri.EscapeDataString(address)}";

        var shown = await (await reader.GetAsync($"/api/v1/users/{account.Id}", Cancellation)).ReadAsync<UserResponse>(HttpStatusCode.OK);
        var found = await (await reader.GetAsync(search, Cancellation)).ReadAsync<Page<UserResponse>>(HttpStatusCode.OK);
        var listed = await ListedAsync(reader, account.Id);

        Assert.Equal("s***@example.com", shown.Email);
        Assert.Empty(found.Data);
        Assert.Equal("s***@example.com", listed.Email);
        var staffFound = await (await reader.GetAsync($"/api/v1/users?email={Uri.EscapeDataString(readerEmail)}", Cancellation)).ReadAsync<Page<UserResponse>>(HttpStatusCode.OK);
        Assert.Equal(readerEmail, staffFound.Data[0].Email, ignoreCase: true);

        // customers.pii (the bootstrap admin holds every permission) shows and finds the address.
        var byAdmin = await (await Client.GetAsync(search, Cancellation)).ReadAsync<Page<UserResponse>>(HttpStatusCode.OK);
        Assert.Equal(address, byAdmin.Data[0].Email);
    }

    /// <summary>The user as the list shows it to <paramref name="caller"/>, paging through customer accounts.</summary>
    private static async Task<UserResponse> ListedAsync(HttpClient caller, Guid userId)
    {
        string? cursor = null;
        do
        {
            var page = await (await caller.GetAsync($"/api/v1/users?kind=customer&limit=100{(cursor is null ? "" : "&cursor=" + cursor)}", Cancellation)).ReadAsync<Page<UserResponse>>(HttpStatusCode.OK);
            foreach (var user in page.Data.Where(user => user.Id == userId))
            {
                return user;
            }

            cursor = page.NextCursor is { } next ? Uri.EscapeDataString(next) : null;
        }
        while (cursor is not null);

        throw new InvalidOperationException($"User {userId} is not listed.");
    }

    [Fact]
    public async Task Creating_a_staff_user_answers_201_without_any_secret_and_the_user_can_sign_in()
    {
        var email = UniqueEmail("Grace");
        var password = TestAuth.NewPassword();
        var response = await Client.SendPostAsync("/api/v1/users", new { email = email.ToUpperInvariant(), password, roles = new[] { "support", "warehouse" } });

        var user = await response.ReadAsync<UserResponse>(HttpStatusCode.Created);
        Assert.Equal($"/api/v1/users/{user.Id}", response.Headers.Location?.ToString());
        // Raw JSON: the exact members on the wire (no secret among them) are the point.
        Assert.Equal(UserFields.Order(), (await response.MemberNamesAsync()).Order());
        Assert.Equal(email.ToLowerInvariant(), user.Email);
        Assert.Equal("staff", user.Kind);
        Assert.Equal(["support", "warehouse"], user.Roles);
        var body = await response.Content.ReadAsStringAsync(Cancellation);
        Assert.DoesNotContain(password, body, StringComparison.Ordinal);
        Assert.DoesNotContain("$argon2", body, StringComparison.Ordinal);

        using var read = await Client.GetAsync(response.Headers.Location, Cancellation);
        var fetched = await read.ReadAsync<UserResponse>(HttpStatusCode.OK);
        Assert.Equal(user.Id, fetched.Id);
        Assert.Equal(UserFields.Order(), (await read.MemberNamesAsync()).Order());

        var token = await SignInAsync(Anonymous, email, password);
        Assert.Equal(200, token.Status);
    }

    [Fact]
    public async Task Creating_a_user_refuses_unknown_roles_by_name_a_taken_email_and_a_weak_password()
    {
        var unknown = await Client.SendPostAsync("/api/v1/users", new { email = UniqueEmail(), password = TestAuth.NewPassword(), roles = new[] { "support", "wizard", "druid" } });
        var problem = await unknown.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "unknown_roles");
        Assert.Equal(["wizard", "druid"], problem.Extension<string[]>("roles"));

        var (_, email, _) = await CreateStaffAsync(Client, "support");
        var taken = await Client.SendPostAsync("/api/v1/users", new { email, password = TestAuth.NewPassword(), roles = Array.Empty<string>() });
        await taken.AssertProblemAsync(HttpStatusCode.Conflict, "email_taken");

        var weak = await Client.SendPostAsync("/api/v1/users", new { email = UniqueEmail(), password = "short", roles = Array.Empty<string>() });
        var invalid = await weak.AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        Assert.True(invalid.HasError("$.password"));

        var missing = await Client.SendPostAsync("/api/v1/users", new { email = UniqueEmail(), roles = Array.Empty<string>() });
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);

        var nullRole = await Client.SendPostAsync("/api/v1/users", new { email = UniqueEmail(), password = TestAuth.NewPassword(), roles = new string?[] { null } });
        await nullRole.AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
    }

    [Fact]
    public async Task Listing_users_filters_by_exact_email_role_kind_and_status_and_pages_with_a_cursor()
    {
        var (_, roleName) = await CreateRoleAsync(Client, "catalog.read");
        var first = await CreateStaffAsync(Client, roleName);
        var second = await CreateStaffAsync(Client, roleName);
        var third = await CreateStaffAsync(Client, roleName);

        var page1 = await (await Client.GetAsync($"/api/v1/users?role={roleName}&limit=2", Cancellation)).ReadAsync<Page<UserResponse>>(HttpStatusCode.OK);
        Assert.True(page1.HasMore);
        Assert.Equal([first.Id, second.Id], page1.Data.Select(u => u.Id));
        var cursor = page1.NextCursor;
        var page2 = await (await Client.GetAsync($"/api/v1/users?role={roleName}&limit=2&cursor={cursor}", Cancellation)).ReadAsync<Page<UserResponse>>(HttpStatusCode.OK);
        Assert.False(page2.HasMore);
        Assert.Equal([third.Id], page2.Data.Select(u => u.Id));

        var byEmail = await (await Client.GetAsync($"/api/v1/users?email={Uri.EscapeDataString(second.Email.ToUpperInvariant())}", Cancellation)).ReadAsync<Page<UserResponse>>(HttpStatusCode.OK);
        Assert.Equal([second.Id], byEmail.Data.Select(u => u.Id));
        var partial = await (await Client.GetAsync($"/api/v1/users?email={Uri.EscapeDataString(second.Email[..^3])}", Cancellation)).ReadAsync<Page<UserResponse>>(HttpStatusCode.OK);
        Assert.Empty(partial.Data);

        (await Client.SendPostAsync($"/api/v1/users/{third.Id}/disable", new { })).EnsureSuccessStatusCode();
        var disabled = await (await Client.GetAsync($"/api/v1/users?role={roleName}&disabled=true", Cancellation)).ReadAsync<Page<UserResponse>>(HttpStatusCode.OK);
        Assert.Equal([third.Id], disabled.Data.Select(u => u.Id));
        var customers = await (await Client.GetAsync($"/api/v1/users?role={roleName}&kind=customer", Cancellation)).ReadAsync<Page<UserResponse>>(HttpStatusCode.OK);
        Assert.Empty(customers.Data);
        var staff = await (await Client.GetAsync($"/api/v1/users?role={roleName}&kind=staff&disabled=false", Cancellation)).ReadAsync<Page<UserResponse>>(HttpStatusCode.OK);
        Assert.Equal(2, staff.Data.Count);

        await (await Client.GetAsync("/api/v1/users?kind=robot", Cancellation)).AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        await (await Client.GetAsync("/api/v1/users?emial=x", Cancellation)).AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        await (await Client.GetAsync($"/api/v1/users/{Guid.NewGuid()}", Cancellation)).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task Support_staff_may_not_read_or_manage_users_and_anonymous_callers_are_401()
    {
        var (support, _) = await Fixture.Factory.CreateClientWithRolesAsync(["support"]);
        var (target, _, _) = await CreateStaffAsync(Client, "warehouse");

        Assert.Equal(HttpStatusCode.Forbidden, (await support.GetAsync("/api/v1/users", Cancellation)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await support.SendPostAsync("/api/v1/users", new { email = UniqueEmail(), password = TestAuth.NewPassword(), roles = Array.Empty<string>() })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await support.PutJsonAsync($"/api/v1/users/{target}/roles", new { roles = new[] { "admin" } })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await support.SendPostAsync($"/api/v1/users/{target}/disable", new { })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await support.SendDeleteAsync($"/api/v1/users/{target}/sessions")).StatusCode);

        // A manager reads users but doesn't manage them.
        var (manager, _) = await Fixture.Factory.CreateClientWithRolesAsync(["manager"]);
        Assert.Equal(HttpStatusCode.OK, (await manager.GetAsync($"/api/v1/users/{target}", Cancellation)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await manager.SendDeleteAsync($"/api/v1/users/{target}/mfa")).StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized, (await Anonymous.GetAsync("/api/v1/users", Cancellation)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Anonymous.SendPostAsync($"/api/v1/users/{target}/disable", new { })).StatusCode);
    }

    [Fact]
    public async Task Adding_a_role_takes_effect_on_the_next_request_with_the_same_token()
    {
        var (id, email, password) = await CreateStaffAsync(Client, "support");
        var token = await SignInAsync(Anonymous, email, password);
        Assert.Equal(HttpStatusCode.Forbidden, await StatusWithTokenAsync(Anonymous, "/api/v1/users", token.AccessToken));

        var updated = await (await Client.PutJsonAsync($"/api/v1/users/{id}/roles", new { roles = new[] { "support", "manager" } })).ReadAsync<UserResponse>(HttpStatusCode.OK);
        Assert.Equal(["manager", "support"], updated.Roles);

        Assert.Equal(HttpStatusCode.OK, await StatusWithTokenAsync(Anonymous, "/api/v1/users", token.AccessToken));
        Assert.Equal(200, (await RefreshAsync(Anonymous, token.RefreshToken!)).Status);
    }

    [Fact]
    public async Task Removing_a_role_revokes_the_users_refresh_token_and_current_access_token()
    {
        var (id, email, password) = await CreateStaffAsync(Client, "support", "warehouse");
        var token = await SignInAsync(Anonymous, email, password);
        Assert.NotNull(token.RefreshToken);
        Assert.Equal(HttpStatusCode.OK, await StatusWithTokenAsync(Anonymous, "/api/v1/products", token.AccessToken));

        var updated = await (await Client.PutJsonAsync($"/api/v1/users/{id}/roles", new { roles = new[] { "support" } })).ReadAsync<UserResponse>(HttpStatusCode.OK);
        Assert.Equal(["support"], updated.Roles);

        Assert.Equal(HttpStatusCode.Unauthorized, await StatusWithTokenAsync(Anonymous, "/api/v1/products", token.AccessToken));
        var refreshed = await RefreshAsync(Anonymous, token.RefreshToken!);
        Assert.Equal("invalid_grant", refreshed.Error);

        var sessions = await (await Client.GetAsync($"/api/v1/users/{id}/sessions", Cancellation)).ReadAsync<Page<SessionResponse>>(HttpStatusCode.OK);
        Assert.All(sessions.Data, s => Assert.Equal("revoked", s.Status));

        // The user can sign in again, with the remaining role's rights.
        Assert.Equal(200, (await SignInAsync(Anonymous, email, password)).Status);
    }

    [Fact]
    public async Task Setting_roles_refuses_unknown_roles_and_unknown_users()
    {
        var (id, _, _) = await CreateStaffAsync(Client, "support");
        var problem = await (await Client.PutJsonAsync($"/api/v1/users/{id}/roles", new { roles = new[] { "support", "ghost" } }))
            .AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "unknown_roles");
        Assert.Equal(["ghost"], problem.Extension<string[]>("roles"));
        await (await Client.PutJsonAsync($"/api/v1/users/{Guid.NewGuid()}/roles", new { roles = new[] { "support" } }))
            .AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task Disabling_a_user_stops_their_tokens_and_sign_in_until_they_are_enabled()
    {
        var (id, email, password) = await CreateStaffAsync(Client, "support");
        var token = await SignInAsync(Anonymous, email, password);

        var disabled = await (await Client.SendPostAsync($"/api/v1/users/{id}/disable", new { })).ReadAsync<UserResponse>(HttpStatusCode.OK);
        Assert.True(disabled.Disabled);

        Assert.Equal(HttpStatusCode.Unauthorized, await StatusWithTokenAsync(Anonymous, "/api/v1/products", token.AccessToken));
        Assert.Equal("invalid_grant", (await RefreshAsync(Anonymous, token.RefreshToken!)).Error);
        Assert.Equal("invalid_grant", (await SignInAsync(Anonymous, email, password)).Error);

        var enabled = await (await Client.SendPostAsync($"/api/v1/users/{id}/enable", new { })).ReadAsync<UserResponse>(HttpStatusCode.OK);
        Assert.False(enabled.Disabled);
        var again = await SignInAsync(Anonymous, email, password);
        Assert.Equal(200, again.Status);
        Assert.Equal(HttpStatusCode.OK, await StatusWithTokenAsync(Anonymous, "/api/v1/products", again.AccessToken));
    }

    [Fact]
    public async Task An_administrator_can_neither_disable_themselves_nor_drop_the_last_user_manager()
    {
        var adminId = await AdminIdAsync();
        await (await Client.SendPostAsync($"/api/v1/users/{adminId}/disable", new { }))
            .AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "cannot_disable_self");

        var problem = await (await Client.PutJsonAsync($"/api/v1/users/{adminId}/roles", new { roles = new[] { "manager" } }))
            .AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "last_administrator");
        Assert.Equal("users.manage", problem.Extension<string>("permission"));

        // Nothing changed: the admin still holds the role and their token still works.
        var admin = await (await Client.GetAsync($"/api/v1/users/{adminId}", Cancellation)).ReadAsync<UserResponse>(HttpStatusCode.OK);
        Assert.Equal(["admin"], admin.Roles);
    }

    [Fact]
    public async Task A_user_manager_cannot_hand_out_roles_with_permissions_they_lack()
    {
        await AsLimitedUserManagerAsync(async manager =>
        {
            // A target the manager may act on (it holds nothing the manager lacks; see the outranking test).
            var (_, reader) = await CreateRoleAsync(Client, "catalog.read");
            var (target, _, _) = await CreateStaffAsync(Client, reader);

            var problem = await (await manager.PutJsonAsync($"/api/v1/users/{target}/roles", new { roles = new[] { reader, "manager" } }))
                .AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "privilege_escalation");
            Assert.Contains("orders.refund", problem.Extension<string[]>("permissions"));
            var unchanged = await (await Client.GetAsync($"/api/v1/users/{target}", Cancellation)).ReadAsync<UserResponse>(HttpStatusCode.OK);
            Assert.Equal([reader], unchanged.Roles);

            // Keeping a role the target already holds is not a grant.
            (await manager.PutJsonAsync($"/api/v1/users/{target}/roles", new { roles = new[] { reader } })).EnsureSuccessStatusCode();
        });
    }

    [Fact]
    public async Task A_user_manager_cannot_disable_strip_or_reset_someone_holding_permissions_they_lack()
    {
        await AsLimitedUserManagerAsync(async manager =>
        {
            var (stronger, _, _) = await CreateStaffAsync(Client, "warehouse");
            var (_, reader) = await CreateRoleAsync(Client, "catalog.read");
            var (weaker, _, _) = await CreateStaffAsync(Client, reader);

            await (await manager.SendPostAsync($"/api/v1/users/{stronger}/disable", new { })).AssertProblemAsync(HttpStatusCode.Forbidden, "target_outranks_caller");
            await (await manager.SendDeleteAsync($"/api/v1/users/{stronger}/mfa")).AssertProblemAsync(HttpStatusCode.Forbidden, "target_outranks_caller");
            await (await manager.PutJsonAsync($"/api/v1/users/{stronger}/roles", new { roles = Array.Empty<string>() }))
                .AssertProblemAsync(HttpStatusCode.Forbidden, "target_outranks_caller");
            var unchanged = await (await Client.GetAsync($"/api/v1/users/{stronger}", Cancellation)).ReadAsync<UserResponse>(HttpStatusCode.OK);
            Assert.Equal(["warehouse"], unchanged.Roles);

            (await manager.SendPostAsync($"/api/v1/users/{weaker}/disable", new { })).EnsureSuccessStatusCode();
        });
    }

    [Fact]
    public async Task A_user_manager_cannot_end_the_sessions_of_someone_holding_permissions_they_lack()
    {
        await AsLimitedUserManagerAsync(async manager =>
        {
            var (stronger, strongerEmail, strongerPassword) = await CreateStaffAsync(Client, "warehouse");
            var token = await SignInAsync(Anonymous, strongerEmail, strongerPassword);
            var sessions = await (await Client.GetAsync($"/api/v1/users/{stronger}/sessions", Cancellation)).ReadAsync<Page<SessionResponse>>(HttpStatusCode.OK);
            var session = Assert.Single(sessions.Data);

            await (await manager.SendDeleteAsync($"/api/v1/users/{stronger}/sessions")).AssertProblemAsync(HttpStatusCode.Forbidden, "target_outranks_caller");
            await (await manager.SendDeleteAsync($"/api/v1/users/{stronger}/sessions/{session.Id}")).AssertProblemAsync(HttpStatusCode.Forbidden, "target_outranks_caller");

            Assert.Equal(HttpStatusCode.OK, await StatusWithTokenAsync(Anonymous, "/api/v1/products", token.AccessToken));
            Assert.Equal(200, (await RefreshAsync(Anonymous, token.RefreshToken!)).Status);
        });
    }

    [Fact]
    public async Task A_customers_account_holding_a_staff_role_from_before_the_rule_still_cannot_act_with_staff_only_permissions()
    {
        var customerId = await new OrderTestData(Fixture, Client).CustomerAsync();
        // Straight into the database, as an installation could hold it from before assignments were checked.
        var (customer, _) = await Fixture.Factory.CreateClientWithRolesAsync(["customer", "manager"], customerId);

        Assert.Equal(HttpStatusCode.Forbidden, (await customer.GetAsync("/api/v1/users", Cancellation)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await customer.GetAsync("/api/v1/orders/export", Cancellation)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await customer.GetAsync("/api/v1/products", Cancellation)).StatusCode);
    }

    [Fact]
    public async Task An_administrator_resets_their_own_mfa_only_through_the_self_service_endpoint()
    {
        var adminId = await AdminIdAsync();
        var problem = await (await Client.SendDeleteAsync($"/api/v1/users/{adminId}/mfa")).AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "cannot_reset_own_mfa");
        Assert.Contains("DELETE /api/v1/account/mfa", problem.Detail, StringComparison.Ordinal);

        // Nothing happened: the administrator's session still works.
        Assert.Equal(HttpStatusCode.OK, (await Client.GetAsync($"/api/v1/users/{adminId}", Cancellation)).StatusCode);
    }

    [Fact]
    public async Task Disabling_and_enabling_honour_if_match_against_the_users_etag()
    {
        var (id, _, _) = await CreateStaffAsync(Client, "support");
        var read = await Client.GetAsync($"/api/v1/users/{id}", Cancellation);
        var etag = read.ETag();
        Assert.False(read.Headers.ETag!.IsWeak);

        await (await Client.SendPostAsync($"/api/v1/users/{id}/disable", new { }, ifMatch: "\"bogus\""))
            .AssertProblemAsync(HttpStatusCode.PreconditionFailed, "precondition_failed");
        Assert.False((await (await Client.GetAsync($"/api/v1/users/{id}", Cancellation)).ReadAsync<UserResponse>(HttpStatusCode.OK)).Disabled);

        var disabled = await Client.SendPostAsync($"/api/v1/users/{id}/disable", new { }, ifMatch: etag);
        Assert.True((await disabled.ReadAsync<UserResponse>(HttpStatusCode.OK)).Disabled);
        Assert.NotEqual(etag, disabled.ETag());

        // The ETag read before disabling is stale now.
        await (await Client.SendPostAsync($"/api/v1/users/{id}/enable", new { }, ifMatch: etag))
            .AssertProblemAsync(HttpStatusCode.PreconditionFailed, "precondition_failed");
        var enabled = await Client.SendPostAsync($"/api/v1/users/{id}/enable", new { }, ifMatch: disabled.ETag());
        Assert.False((await enabled.ReadAsync<UserResponse>(HttpStatusCode.OK)).Disabled);

        using var conditional = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/users/{id}");
        conditional.Headers.TryAddWithoutValidation("If-None-Match", enabled.ETag());
        Assert.Equal(HttpStatusCode.NotModified, (await Client.SendAsync(conditional, Cancellation)).StatusCode);
    }

    [Fact]
    public async Task Resetting_mfa_turns_it_off_replaces_the_key_and_ends_the_sessions()
    {
        var (id, email, password) = await CreateStaffAsync(Client, "support");
        var token = await SignInAsync(Anonymous, email, password);
        string? oldKey;
        await using (var scope = Fixture.Factory.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<OrdoUser>>();
            var user = (await users.FindByIdAsync(id.ToString()))!;
            await users.ResetAuthenticatorKeyAsync(user);
            await users.SetTwoFactorEnabledAsync(user, true);
            oldKey = await users.GetAuthenticatorKeyAsync(user);
        }

        Assert.Equal("invalid_grant", (await SignInAsync(Anonymous, email, password)).Error); // an otp is now required
        var before = await (await Client.GetAsync($"/api/v1/users/{id}", Cancellation)).ReadAsync<UserResponse>(HttpStatusCode.OK);
        Assert.True(before.MfaEnabled);

        var reset = await Client.SendDeleteAsync($"/api/v1/users/{id}/mfa");
        Assert.Equal(HttpStatusCode.NoContent, reset.StatusCode);

        await using (var scope = Fixture.Factory.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<OrdoUser>>();
            var user = (await users.FindByIdAsync(id.ToString()))!;
            Assert.False(await users.GetTwoFactorEnabledAsync(user));
            Assert.NotEqual(oldKey, await users.GetAuthenticatorKeyAsync(user));
        }

        Assert.Equal(HttpStatusCode.Unauthorized, await StatusWithTokenAsync(Anonymous, "/api/v1/products", token.AccessToken));
        Assert.Equal(200, (await SignInAsync(Anonymous, email, password)).Status);
        await (await Client.SendDeleteAsync($"/api/v1/users/{Guid.NewGuid()}/mfa")).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task Sessions_are_listed_without_tokens_and_can_be_revoked_one_at_a_time_or_all_at_once()
    {
        var (id, email, password) = await CreateStaffAsync(Client, "support");
        var laptop = await SignInAsync(Anonymous, email, password);
        var phone = await SignInAsync(Anonymous, email, password);

        var response = await Client.GetAsync($"/api/v1/users/{id}/sessions", Cancellation);
        var list = (await response.ReadAsync<Page<SessionResponse>>(HttpStatusCode.OK)).Data;
        Assert.Equal(2, list.Count);
        Assert.All(list, s => Assert.Equal(("ordo-admin", "valid"), (s.ClientId, s.Status)));
        // Raw JSON: which members a session has on the wire (never a token) is the point.
        Assert.All(await response.MemberNamesOfEachRowAsync(), members => Assert.Equal(["clientId", "createdAt", "id", "scopes", "status"], members.Order()));
        var body = await response.Content.ReadAsStringAsync(Cancellation);
        Assert.DoesNotContain(laptop.RefreshToken!, body, StringComparison.Ordinal);

        // Which session is the phone's? Revoke one and see which refresh token dies.
        var firstId = list[0].Id;
        Assert.Equal(HttpStatusCode.NoContent, (await Client.SendDeleteAsync($"/api/v1/users/{id}/sessions/{firstId}")).StatusCode);
        var laptopRefresh = await RefreshAsync(Anonymous, laptop.RefreshToken!);
        var phoneRefresh = await RefreshAsync(Anonymous, phone.RefreshToken!);
        Assert.Equal(1, new[] { laptopRefresh, phoneRefresh }.Count(r => r.Error == "invalid_grant"));
        var survivor = new[] { laptopRefresh, phoneRefresh }.Single(r => r.Status == 200);

        Assert.Equal(HttpStatusCode.NoContent, (await Client.SendDeleteAsync($"/api/v1/users/{id}/sessions")).StatusCode);
        Assert.Equal("invalid_grant", (await RefreshAsync(Anonymous, survivor.RefreshToken!)).Error);
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusWithTokenAsync(Anonymous, "/api/v1/products", survivor.AccessToken));

        // Another user's session id is not found under this user.
        var (other, otherEmail, otherPassword) = await CreateStaffAsync(Client, "support");
        await SignInAsync(Anonymous, otherEmail, otherPassword);
        var otherSessions = await (await Client.GetAsync($"/api/v1/users/{other}/sessions", Cancellation)).ReadAsync<Page<SessionResponse>>(HttpStatusCode.OK);
        var otherSession = otherSessions.Data[0].Id;
        await (await Client.SendDeleteAsync($"/api/v1/users/{id}/sessions/{otherSession}")).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task A_customers_account_cannot_be_given_staff_only_permissions()
    {
        var customerId = await new OrderTestData(Fixture, Client).CustomerAsync();
        var (_, userId) = await Fixture.Factory.CreateClientWithRolesAsync(["customer"], customerId);

        var listed = await (await Client.GetAsync($"/api/v1/users/{userId}", Cancellation)).ReadAsync<UserResponse>(HttpStatusCode.OK);
        Assert.Equal("customer", listed.Kind);
        Assert.Equal(customerId, listed.CustomerId);

        var problem = await (await Client.PutJsonAsync($"/api/v1/users/{userId}/roles", new { roles = new[] { "customer", "manager" } }))
            .AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "customer_account");
        Assert.Contains("users.read", problem.Extension<string[]>("permissions"));

        // Not only administrative ones: a support agent's refunds and unmasked contact details are staff-only too.
        problem = await (await Client.PutJsonAsync($"/api/v1/users/{userId}/roles", new { roles = new[] { "customer", "support" } }))
            .AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "customer_account");
        Assert.Equal(["customers.pii", "orders.refund"], problem.Extension<string[]>("permissions"));
        var unchanged = await (await Client.GetAsync($"/api/v1/users/{userId}", Cancellation)).ReadAsync<UserResponse>(HttpStatusCode.OK);
        Assert.Equal(["customer"], unchanged.Roles);
        var customers = await (await Client.GetAsync($"/api/v1/users?kind=customer", Cancellation)).ReadAsync<Page<UserResponse>>(HttpStatusCode.OK);
        Assert.Contains(userId, customers.Data.Select(u => u.Id));
    }

    [Fact]
    public async Task Administrative_changes_are_logged_by_id_without_emails()
    {
        var collector = Fixture.Factory.Services.GetRequiredService<FakeLogCollector>();
        var (id, email, _) = await CreateStaffAsync(Client, "support");
        (await Client.SendPostAsync($"/api/v1/users/{id}/disable", new { })).EnsureSuccessStatusCode();

        var lines = collector.GetSnapshot().Where(r => r.Category == "Ordo.Api.Features.Administration").Select(r => r.Message).ToList();
        Assert.Contains(lines, line => line.Contains($"created user {id}", StringComparison.Ordinal) && line.Contains("support", StringComparison.Ordinal));
        Assert.Contains(lines, line => line.Contains($"disabled user {id}", StringComparison.Ordinal));
        Assert.DoesNotContain(collector.GetSnapshot(), r => r.Message.Contains(email, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task A_session_id_that_is_not_a_uuid_is_not_found()
    {
        var (id, _, _) = await CreateStaffAsync(Client, "support");
        Assert.Equal(HttpStatusCode.NotFound, (await Client.SendDeleteAsync($"/api/v1/users/{id}/sessions/not-a-session")).StatusCode);
        await (await Client.SendDeleteAsync($"/api/v1/users/{id}/sessions/{Guid.NewGuid()}")).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
    }
}

public sealed class UserAdminOnSqlite(SqliteApiFixture fixture) : UserAdminTests(fixture), IClassFixture<SqliteApiFixture>;

public sealed class UserAdminOnPostgres(PostgresApiFixture fixture) : UserAdminTests(fixture), IClassFixture<PostgresApiFixture>;
