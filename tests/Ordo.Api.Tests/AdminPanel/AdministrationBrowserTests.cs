using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Ordo.Api.Features.Identity.Account;
using Ordo.Api.Features.Identity.Users;
using Ordo.Api.Http;
using Ordo.Api.Infrastructure.Authorization;
using Ordo.Api.Tests.Infrastructure;
using Ordo.Api.Tests.Orders;
using static Ordo.Api.Tests.AdminPanel.PanelSteps;

namespace Ordo.Api.Tests.AdminPanel;

/// <summary>
/// The panel's administration screens in a real browser against a running Ordo: an administrator edits roles in the
/// permission matrix and assigns them, and the API then decides with them; a user without the permissions is offered
/// none of it and, going to the screen by its address, is shown the API's refusal in words.
/// </summary>
public sealed class AdministrationBrowserTests(PanelFixture fixture) : IClassFixture<PanelFixture>
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_administrator_creates_a_role_in_the_matrix_assigns_it_to_a_user_and_the_api_then_grants_its_permissions()
    {
        fixture.SkipWhenUnavailable();
        var (email, password) = await fixture.CreateUserAsync(BuiltInRoles.Warehouse);
        var roleName = $"auditor-{Guid.NewGuid():N}"[..16];
        await using var context = await fixture.NewContextAsync();
        var page = await PanelFixture.NewPageAsync(context);

        await OpenSignedInAsync(page, "admin/roles", TestAuth.AdminEmail, TestAuth.AdminPassword);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Roles and permissions" })).ToBeVisibleAsync(new() { Timeout = StepTimeout });
        await Expect(page.GetByLabel("admin: audit.read", new() { Exact = true })).ToBeDisabledAsync(new() { Timeout = StepTimeout });
        await AssertAccessibleAsync(page, "roles");

        await page.GetByLabel("Name (lower case letters, digits, . _ -)").FillAsync(roleName);
        await page.GetByLabel("Description").FillAsync("Reads orders and the audit trail.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create role" }).ClickAsync();
        await Expect(page.Locator(".notice")).ToContainTextAsync($"Role {roleName} created", new() { Timeout = StepTimeout });

        await page.GetByLabel($"{roleName}: audit.read", new() { Exact = true }).CheckAsync();
        await page.GetByLabel($"{roleName}: orders.read", new() { Exact = true }).CheckAsync();
        await Expect(page.Locator(".unsaved")).ToContainTextAsync("grants audit.read, orders.read");
        await page.GetByRole(AriaRole.Button, new() { Name = $"Save {roleName}" }).ClickAsync();
        await Expect(page.Locator(".notice")).ToContainTextAsync($"Role {roleName} saved: it grants 2 permissions", new() { Timeout = StepTimeout });
        await Expect(page.Locator(".unsaved")).ToHaveCountAsync(0);
        await page.ScreenshotAsync(new() { Path = Artifact("roles-saved-1280.png"), FullPage = true });

        // To the user through the panel's own navigation (a reload would sign in again, which the reload test covers).
        await page.GetByRole(AriaRole.Link, new() { Name = "Users", Exact = true }).ClickAsync();
        await page.GetByLabel("Exact email").FillAsync(email);
        await page.GetByRole(AriaRole.Button, new() { Name = "Show users" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = email }).ClickAsync(new() { Timeout = StepTimeout });
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = email })).ToBeVisibleAsync(new() { Timeout = StepTimeout });
        await page.GetByRole(AriaRole.Checkbox, new() { NameRegex = new Regex("^" + Regex.Escape(roleName)) }).CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Save roles" }).ClickAsync();
        await Expect(page.Locator(".notice")).ToHaveTextAsync("Roles saved.", new() { Timeout = StepTimeout });
        await AssertAccessibleAsync(page, "user-detail");

        var admin = fixture.CreateAdminApiClient();
        var users = await (await admin.GetAsync(new Uri($"/api/v1/users?email={Uri.EscapeDataString(email)}", UriKind.Relative), Cancellation))
            .ReadAsync<Page<UserResponse>>(HttpStatusCode.OK);
        Assert.Equal(new[] { BuiltInRoles.Warehouse, roleName }.Order(StringComparer.Ordinal), users.Data.Single().Roles.Order(StringComparer.Ordinal));
        var account = await (await fixture.CreateApiClient(email, password).GetAsync(new Uri("/api/v1/account", UriKind.Relative), Cancellation))
            .ReadAsync<AccountResponse>(HttpStatusCode.OK);
        Assert.Contains(Permissions.AuditRead, account.Permissions);
        Assert.Contains(Permissions.StockAdjust, account.Permissions);
        Assert.DoesNotContain(Permissions.UsersRead, account.Permissions);

        await page.GetByRole(AriaRole.Link, new() { Name = "Users", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = TestAuth.AdminEmail })).ToBeVisibleAsync(new() { Timeout = StepTimeout });
        await AssertAccessibleAsync(page, "users");
    }

    [Fact]
    public async Task The_audit_log_lists_the_entries_filtered_by_action_and_verifies_the_chain_intact_only_when_asked()
    {
        fixture.SkipWhenUnavailable();
        await using var context = await fixture.NewContextAsync();
        var page = await PanelFixture.NewPageAsync(context);
        var verifications = 0;
        page.Request += (_, request) =>
        {
            if (new Uri(request.Url).AbsolutePath == "/api/v1/audit/verification")
            {
                Interlocked.Increment(ref verifications);
            }
        };

        await OpenSignedInAsync(page, "admin/audit", TestAuth.AdminEmail, TestAuth.AdminPassword);

        // The entries load on their own; the whole-chain verification waits for its button.
        await Expect(page.Locator("table.audit tbody tr").First).ToBeVisibleAsync(new() { Timeout = StepTimeout });
        await Expect(page.Locator(".verdict")).ToHaveCountAsync(0);
        Assert.Equal(0, Volatile.Read(ref verifications));
        await page.GetByRole(AriaRole.Button, new() { Name = "Verify the audit trail" }).ClickAsync();
        await Expect(page.Locator(".verdict.intact .headline")).ToHaveTextAsync("The audit trail is intact.", new() { Timeout = StepTimeout });
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Verify again" })).ToBeEnabledAsync();
        Assert.Equal(1, Volatile.Read(ref verifications));

        await page.GetByLabel("Action").SelectOptionAsync("auth.signed_in");
        // The unfiltered list may already start with a sign-in: wait for the filtered answer, then for its rows.
        await page.RunAndWaitForResponseAsync(
            () => page.GetByRole(AriaRole.Button, new() { Name = "Show entries" }).ClickAsync(),
            response => response.Url.Contains("action=auth.signed_in", StringComparison.Ordinal), new() { Timeout = StepTimeout });
        await Expect(page.Locator("table.audit tbody .event-type").Filter(new() { HasNotText = "auth.signed_in" })).ToHaveCountAsync(0);
        await Expect(page.Locator("table.audit tbody .event-type").First).ToHaveTextAsync("auth.signed_in");
        await AssertAccessibleAsync(page, "audit");
    }

    [Fact]
    public async Task A_warehouse_user_is_offered_no_administration_or_refund_and_the_users_address_shows_the_refusal_in_words()
    {
        fixture.SkipWhenUnavailable();
        var data = new OrderTestData(fixture, fixture.CreateAdminApiClient());
        var paid = await data.PayAsync(await data.PendingOrderAsync());
        var (email, password) = await fixture.CreateUserAsync(BuiltInRoles.Warehouse);
        await using var context = await fixture.NewContextAsync();
        var page = await PanelFixture.NewPageAsync(context);

        await OpenSignedInAsync(page, $"admin/orders/{paid.Id}", email, password);

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = $"Order {paid.Number}" })).ToBeVisibleAsync(new() { Timeout = StepTimeout });
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Ship", Exact = true })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Refund", Exact = true })).ToHaveCountAsync(0);
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Refund" })).ToHaveCountAsync(0);
        var nav = page.GetByRole(AriaRole.Navigation, new() { Name = "Main" });
        // What a warehouse worker reads (orders, the catalogue, customers masked) and nothing of the administration.
        await Expect(nav.GetByRole(AriaRole.Link)).ToHaveTextAsync(["Orders", "Products", "Customers"]);

        await page.GotoAsync("admin/users");

        var refusal = page.Locator(".problem");
        await Expect(refusal).ToContainTextAsync("Your role does not allow this (it needs the permission users.read).", new() { Timeout = StepTimeout });
        await Expect(refusal).ToContainTextAsync("Trace id");
        await Expect(page.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("Create|Disable|Save", RegexOptions.IgnoreCase) })).ToHaveCountAsync(0);
        await Expect(page.GetByRole(AriaRole.Table)).ToHaveCountAsync(0);
        await Expect(page.GetByRole(AriaRole.Search)).ToHaveCountAsync(0);
        await AssertAccessibleAsync(page, "users-refused");
    }

    [Fact]
    public async Task An_integration_client_created_in_the_panel_shows_its_secret_once_and_that_secret_gets_a_token()
    {
        fixture.SkipWhenUnavailable();
        await using var context = await fixture.NewContextAsync();
        var page = await PanelFixture.NewPageAsync(context);

        await OpenSignedInAsync(page, "admin/clients", TestAuth.AdminEmail, TestAuth.AdminPassword);
        await Expect(page.GetByRole(AriaRole.Cell, new() { NameRegex = new Regex("ordo-admin") })).ToBeVisibleAsync(new() { Timeout = StepTimeout });
        await page.GetByRole(AriaRole.Button, new() { Name = "Create a client…" }).ClickAsync();
        await page.GetByLabel("Display name").FillAsync("Browser test integration");
        await page.GetByRole(AriaRole.Checkbox, new() { Name = Permissions.OrdersRead, Exact = true }).CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Create client" }).ClickAsync();

        var secretBox = page.GetByLabel("Client secret");
        await Expect(secretBox).Not.ToBeEmptyAsync(new() { Timeout = StepTimeout });
        await Expect(page.Locator(".secret-once")).ToContainTextAsync("it will not be shown again");
        var clientId = await page.GetByLabel("Client id").InputValueAsync();
        var secret = await secretBox.InputValueAsync();
        await AssertAccessibleAsync(page, "clients-secret");

        // The secret as shown works: a client_credentials token from the token endpoint (through the browser's request
        // context, which accepts the fixture's throwaway certificate).
        var form = context.APIRequest.CreateFormData();
        form.Set("grant_type", "client_credentials");
        form.Set("client_id", clientId);
        form.Set("client_secret", secret);
        form.Set("scope", Permissions.OrdersRead);
        var token = await context.APIRequest.PostAsync("connect/token", new() { Form = form });
        Assert.Equal(200, token.Status);

        await page.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^I have stored it") }).ClickAsync();
        await Expect(page.Locator(".secret-once")).ToHaveCountAsync(0);
        Assert.DoesNotContain(secret, await page.ContentAsync(), StringComparison.Ordinal);
        await AssertAccessibleAsync(page, "clients");
    }

    [Fact]
    public async Task The_webhooks_screen_explains_the_empty_list_and_shows_the_refusal_of_a_private_address_in_words()
    {
        fixture.SkipWhenUnavailable();
        await using var context = await fixture.NewContextAsync();
        var page = await PanelFixture.NewPageAsync(context);

        await OpenSignedInAsync(page, "admin/webhooks", TestAuth.AdminEmail, TestAuth.AdminPassword);
        await Expect(page.GetByText("No webhooks yet.")).ToBeVisibleAsync(new() { Timeout = StepTimeout });
        await page.GetByRole(AriaRole.Button, new() { Name = "Subscribe an address…" }).ClickAsync();
        await page.GetByLabel("Address (https)").FillAsync("https://127.0.0.1/ordo-events");
        await page.GetByRole(AriaRole.Checkbox, new() { Name = "order.paid", Exact = true }).CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Create webhook" }).ClickAsync();

        await Expect(page.Locator(".problem")).ToContainTextAsync("Ordo does not send webhooks to private, loopback or reserved addresses", new() { Timeout = StepTimeout });
        await Expect(page.Locator(".problem")).ToContainTextAsync("Trace id");
        await Expect(page.Locator(".secret-once")).ToHaveCountAsync(0);
        await AssertAccessibleAsync(page, "webhooks");
    }

    /// <summary>No serious or critical axe violation and no sideways scrolling at 1280 and 390 px; screenshots of both.</summary>
    private static async Task AssertAccessibleAsync(IPage page, string screen)
    {
        foreach (var (width, height) in new[] { (1280, 900), (390, 844) })
        {
            await page.SetViewportSizeAsync(width, height);
            await PanelSteps.AssertAccessibleAsync(page);
            Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"), $"{screen} scrolls sideways at {width} px");
            await page.ScreenshotAsync(new() { Path = Artifact($"{screen}-{width}.png"), FullPage = true });
        }

        await page.SetViewportSizeAsync(1280, 900);
    }
}
