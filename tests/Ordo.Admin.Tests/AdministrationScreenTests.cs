using System.Text.Json;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Ordo.Admin.Administration;
using Ordo.Admin.Api;
using Ordo.Admin.Auth;
using Ordo.Admin.Layout;

namespace Ordo.Admin.Tests;

public sealed class AdministrationScreenTests : BunitContext
{
    private static readonly Guid UserId = Guid.Parse("019ac4a0-1f2e-7d3c-8b4a-5e6f7a8b9c0d");
    private static readonly Guid AdminRoleId = Guid.Parse("019ac4a0-0000-7000-8000-000000000001");
    private static readonly Guid SupportRoleId = Guid.Parse("019ac4a0-0000-7000-8000-000000000002");

    private const string Permissions = """
        [{"name":"audit.read","description":"Read the audit trail."},{"name":"orders.read","description":"Read orders."},{"name":"users.read","description":"List users."}]
        """;

    private static string AdminRole => $$"""{"id":"{{AdminRoleId}}","name":"admin","description":"Everything.","builtIn":true,"permissions":["audit.read","orders.read","users.read"],"users":1}""";

    private static string SupportRole(string permissions = """["orders.read"]""") =>
        $$"""{"id":"{{SupportRoleId}}","name":"support","description":"Helps customers.","builtIn":true,"permissions":{{permissions}},"users":2}""";

    private static string Page(params string[] items) => $$"""{"data":[{{string.Join(",", items)}}],"nextCursor":null,"hasMore":false}""";

    private static string User(bool disabled = false, bool mfa = true) =>
        $$"""{"id":"{{UserId}}","email":"ada@ordo.test","kind":"staff","customerId":null,"roles":["support"],"disabled":{{(disabled ? "true" : "false")}},"mfaEnabled":{{(mfa ? "true" : "false")}},"lockedOut":false,"emailConfirmed":true,"createdAt":"2026-12-01T09:00:00Z"}""";

    private const string Session = """{"id":"s1","clientId":"ordo-admin","createdAt":"2026-12-07T08:00:00Z","status":"valid","scopes":["openid","offline_access"]}""";

    private const string Intact = """{"intact":true,"entriesChecked":7,"lastSequence":7,"headHash":"b","firstBreak":null}""";

    /// <summary>A JSON answer whose body arrives only once <paramref name="held"/> completes: the call stays in progress until then.</summary>
    private static HttpResponseMessage Held(Task held, string json) => new(System.Net.HttpStatusCode.OK) { Content = new HeldContent(held, json) };

    private sealed class HeldContent : HttpContent
    {
        private readonly Task _held;
        private readonly byte[] _json;

        public HeldContent(Task held, string json)
        {
            _held = held;
            _json = System.Text.Encoding.UTF8.GetBytes(json);
            Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        }

        protected override async Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context)
        {
            await _held;
            await stream.WriteAsync(_json);
        }

        protected override bool TryComputeLength(out long length)
        {
            length = -1;
            return false;
        }
    }

    private static FakeApi Roles(FakeApi api) => api
        .On(HttpMethod.Get, "/api/v1/permissions", _ => FakeApi.Json(Permissions))
        .On(HttpMethod.Get, "/api/v1/roles?", _ => FakeApi.Json(Page(AdminRole, SupportRole())))
        .On(HttpMethod.Get, $"/api/v1/roles/{AdminRoleId}", _ => FakeApi.Json(AdminRole, etag: "\"admin-v1\""))
        .On(HttpMethod.Get, $"/api/v1/roles/{SupportRoleId}", _ => FakeApi.Json(SupportRole(), etag: "\"support-v1\""));

    private static FakeApi OneUser(FakeApi api) => Roles(api)
        .On(HttpMethod.Get, "/api/v1/users?", _ => FakeApi.Json(Page(User())))
        .On(HttpMethod.Get, $"/api/v1/users/{UserId}", _ => FakeApi.Json(User(), etag: "\"user-v1\""))
        .On(HttpMethod.Get, $"/api/v1/users/{UserId}/sessions", _ => FakeApi.Json(Page(Session)));

    [Fact]
    public void The_navigation_offers_users_roles_and_audit_only_to_callers_who_may_read_them()
    {
        new FakeApi().Register(this, "orders.read", "audit.read");

        var layout = Render<MainLayout>();

        var links = layout.FindAll("nav a").Select(a => a.TextContent).ToList();
        Assert.Equal(["Orders", "Audit log"], links);
    }

    [Fact]
    public void A_user_reader_sees_the_users_but_no_control_to_create_or_change_them()
    {
        var api = OneUser(new FakeApi());
        api.Register(this, "users.read");

        var list = Render<UserList>();
        list.WaitForAssertion(() => Assert.Equal("ada@ordo.test", list.Find("tbody a").TextContent));
        Assert.DoesNotContain(list.FindAll("button"), b => b.TextContent.Contains("Create", StringComparison.Ordinal));

        var detail = Render<UserDetail>(p => p.Add(x => x.Id, UserId));
        detail.WaitForAssertion(() => Assert.Contains("ordo-admin", detail.Find("table").TextContent, StringComparison.Ordinal));
        Assert.Empty(detail.FindAll("input[type=checkbox]"));
        Assert.Empty(detail.FindAll("button"));
        Assert.Contains("support", detail.Find("section").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void A_user_manager_gets_roles_access_and_session_controls()
    {
        var api = OneUser(new FakeApi());
        api.Register(this, "users.read", "users.manage");

        var detail = Render<UserDetail>(p => p.Add(x => x.Id, UserId));

        detail.WaitForAssertion(() => Assert.Equal(2, detail.FindAll("fieldset input[type=checkbox]").Count));
        var buttons = detail.FindAll("button").Select(b => b.TextContent.Trim()).ToList();
        Assert.Contains("Disable the user…", buttons);
        Assert.Contains("Reset two-step verification…", buttons);
        Assert.Contains("End all sessions…", buttons);
        Assert.Contains("End…", buttons);
    }

    [Fact]
    public void On_their_own_account_a_user_manager_is_offered_neither_disabling_nor_resetting_the_second_factor_and_told_why()
    {
        var api = OneUser(new FakeApi());
        api.Register(this, "users.read", "users.manage");
        Services.GetRequiredService<CurrentUser>().Set(new Account(UserId, "ada@ordo.test", ["support"], ["users.read", "users.manage"], true));

        var detail = Render<UserDetail>(p => p.Add(x => x.Id, UserId));

        detail.WaitForAssertion(() => Assert.Equal(2, detail.FindAll("fieldset input[type=checkbox]").Count));
        var buttons = detail.FindAll("button").Select(b => b.TextContent.Trim()).ToList();
        Assert.DoesNotContain("Disable the user…", buttons);
        Assert.DoesNotContain("Reset two-step verification…", buttons);
        Assert.Equal("This is your account: another administrator can disable it or reset its second factor.", detail.Find(".own-account").TextContent.Trim());
        Assert.Contains("Taking a role away from yourself ends all your sessions, this one included.", detail.Find("form > p.hint").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void Disabling_asks_first_then_sends_the_version_seen_and_shows_the_result()
    {
        var api = OneUser(new FakeApi())
            .On(HttpMethod.Post, $"/api/v1/users/{UserId}/disable", _ => FakeApi.Json(User(disabled: true), etag: "\"user-v2\""));
        api.Register(this, "users.read", "users.manage");
        var detail = Render<UserDetail>(p => p.Add(x => x.Id, UserId));
        detail.WaitForAssertion(() => detail.Find("button.danger"));

        detail.FindAll("button").Single(b => b.TextContent == "Disable the user…").Click();
        Assert.DoesNotContain(api.Requests, r => r.Method == HttpMethod.Post);
        detail.FindAll("button").Single(b => b.TextContent == "Yes, disable").Click();

        detail.WaitForAssertion(() => Assert.Equal("User disabled; their sessions have ended.", detail.Find(".notice").TextContent));
        var disable = api.Requests.Single(r => r.Method == HttpMethod.Post);
        Assert.Equal("\"user-v1\"", disable.Headers.IfMatch.Single().ToString());
        Assert.Equal("disabled", detail.Find(".states .badge").TextContent);
    }

    [Fact]
    public void Ending_one_session_asks_first_and_deletes_only_that_session()
    {
        var api = OneUser(new FakeApi())
            .On(HttpMethod.Delete, $"/api/v1/users/{UserId}/sessions/s1", _ => new HttpResponseMessage(System.Net.HttpStatusCode.NoContent));
        api.Register(this, "users.read", "users.manage");
        var detail = Render<UserDetail>(p => p.Add(x => x.Id, UserId));
        detail.WaitForAssertion(() => detail.Find("td button"));

        detail.Find("td button").Click();
        Assert.DoesNotContain(api.Requests, r => r.Method == HttpMethod.Delete);
        detail.FindAll("td button").Single(b => b.TextContent == "Yes, end it").Click();

        detail.WaitForAssertion(() => Assert.Equal("Session ended.", detail.Find(".notice").TextContent));
        Assert.Equal($"/api/v1/users/{UserId}/sessions/s1", api.Requests.Single(r => r.Method == HttpMethod.Delete).RequestUri!.AbsolutePath);
    }

    [Fact]
    public void A_matrix_column_is_dirty_only_while_its_ticks_differ_from_what_is_saved()
    {
        var matrix = new RoleMatrix();
        var support = JsonSerializer.Deserialize(SupportRole(), AdminJson.Default.Role)!;
        var admin = JsonSerializer.Deserialize(AdminRole, AdminJson.Default.Role)!;
        matrix.Load(JsonSerializer.Deserialize(Permissions, AdminJson.Default.IReadOnlyListPermissionInfo)!, [(admin, "\"a\""), (support, "\"s\"")]);
        var column = matrix.Find(SupportRoleId)!;

        column.Toggle("audit.read");
        column.Toggle("orders.read");
        Assert.True(matrix.IsDirty);
        Assert.Equal(["audit.read"], column.Added);
        Assert.Equal(["orders.read"], column.Removed);
        Assert.Equal(["audit.read"], column.ToRequest().Permissions);

        column.Toggle("orders.read");
        column.Toggle("audit.read");
        Assert.False(matrix.IsDirty);

        var fixedAdmin = matrix.Find(AdminRoleId)!;
        fixedAdmin.Toggle("audit.read");
        Assert.True(fixedAdmin.IsFixed);
        Assert.False(fixedAdmin.IsDirty);
    }

    [Fact]
    public void Saving_a_ticked_permission_puts_the_role_with_its_etag_and_leaves_nothing_unsaved()
    {
        string? sent = null;
        var api = Roles(new FakeApi())
            .On(HttpMethod.Put, $"/api/v1/roles/{SupportRoleId}", request =>
            {
                sent = new StreamReader(request.Content!.ReadAsStream(Xunit.TestContext.Current.CancellationToken)).ReadToEnd();
                return FakeApi.Json(SupportRole("""["audit.read","orders.read"]"""), etag: "\"support-v2\"");
            });
        api.Register(this, "users.read", "roles.manage", "audit.read", "orders.read");
        var screen = Render<RoleMatrixEditor>();
        screen.WaitForAssertion(() => screen.Find("input[aria-label='support: audit.read']"));
        Assert.True(screen.Find("input[aria-label='admin: audit.read']").HasAttribute("disabled"));

        screen.Find("input[aria-label='support: audit.read']").Change(true);
        Assert.Contains("grants audit.read", screen.Find(".unsaved").TextContent, StringComparison.Ordinal);
        screen.FindAll(".unsaved button").Single(b => b.TextContent == "Save support").Click();

        screen.WaitForAssertion(() => Assert.StartsWith("Role support saved", screen.Find(".notice").TextContent, StringComparison.Ordinal));
        Assert.Empty(screen.FindAll(".unsaved"));
        var put = api.Requests.Single(r => r.Method == HttpMethod.Put);
        Assert.Equal("\"support-v1\"", put.Headers.IfMatch.Single().ToString());
        var body = JsonSerializer.Deserialize(sent!, AdminJson.Default.RoleRequest)!;
        Assert.Equal(["audit.read", "orders.read"], body.Permissions);
        Assert.Equal("support", body.Name);
    }

    [Fact]
    public void A_role_changed_elsewhere_is_reloaded_and_the_refused_save_explained()
    {
        var reads = 0;
        var api = Roles(new FakeApi())
            .On(HttpMethod.Get, $"/api/v1/roles/{SupportRoleId}", _ => ++reads == 1
                ? FakeApi.Json(SupportRole(), etag: "\"support-v1\"")
                : FakeApi.Json(SupportRole("""["orders.read","users.read"]"""), etag: "\"support-v2\""))
            .On(HttpMethod.Put, $"/api/v1/roles/{SupportRoleId}", _ => FakeApi.Problem(412, "precondition_failed", "Stale.", "trace-412"));
        api.Register(this, "users.read", "roles.manage", "audit.read", "orders.read");
        var screen = Render<RoleMatrixEditor>();
        screen.WaitForAssertion(() => screen.Find("input[aria-label='support: audit.read']"));

        screen.Find("input[aria-label='support: audit.read']").Change(true);
        screen.FindAll(".unsaved button").Single(b => b.TextContent == "Save support").Click();

        screen.WaitForAssertion(() => Assert.Contains("Someone else changed the role support", screen.Find(".problem").TextContent, StringComparison.Ordinal));
        Assert.Equal("trace-412", screen.Find(".trace code").TextContent);
        Assert.Empty(screen.FindAll(".unsaved"));
        Assert.True(screen.Find("input[aria-label='support: users.read']").HasAttribute("checked"));
        Assert.False(screen.Find("input[aria-label='support: audit.read']").HasAttribute("checked"));
    }

    [Fact]
    public void Without_roles_manage_the_matrix_is_read_only_and_offers_no_creation_or_deletion()
    {
        var api = Roles(new FakeApi());
        api.Register(this, "users.read");

        var screen = Render<RoleMatrixEditor>();

        screen.WaitForAssertion(() => screen.Find("table.matrix"));
        Assert.All(screen.FindAll("table.matrix input"), input => Assert.True(input.HasAttribute("disabled")));
        Assert.Empty(screen.FindAll("form"));
        Assert.Empty(screen.FindAll("button"));
    }

    [Fact]
    public void The_audit_log_lists_its_entries_and_verifies_the_chain_only_when_asked()
    {
        var api = new FakeApi()
            .On(HttpMethod.Get, "/api/v1/audit/verification", _ => FakeApi.Json(Intact))
            .On(HttpMethod.Get, "/api/v1/audit?", _ => FakeApi.Json(Page()));
        api.Register(this, "audit.read");

        var screen = Render<AuditLog>();

        screen.WaitForAssertion(() => Assert.Contains("No entries match.", screen.Find(".empty").TextContent, StringComparison.Ordinal));
        Assert.DoesNotContain(api.Requests, r => r.RequestUri!.AbsolutePath == "/api/v1/audit/verification");
        Assert.Empty(screen.FindAll(".verdict"));
        Assert.DoesNotContain("Verifying", screen.Find(".verification").TextContent, StringComparison.Ordinal);
        Assert.Equal("Verify the audit trail", screen.Find(".verification button").TextContent.Trim());
    }

    [Fact]
    public void A_broken_audit_trail_is_announced_with_the_entry_where_it_breaks_after_a_verification_in_progress()
    {
        var answer = new TaskCompletionSource();
        var api = new FakeApi()
            .On(HttpMethod.Get, "/api/v1/audit/verification", _ => Held(answer.Task,
                """{"intact":false,"entriesChecked":311,"lastSequence":311,"headHash":"3a7b","firstBreak":{"sequence":312,"kind":"hash_mismatch","detail":"Entry 312 was changed after it was written."}}"""))
            .On(HttpMethod.Get, "/api/v1/audit?", _ => FakeApi.Json(Page()));
        api.Register(this, "audit.read");
        var screen = Render<AuditLog>();
        screen.WaitForAssertion(() => screen.Find(".empty"));

        screen.Find(".verification button").Click();

        screen.WaitForAssertion(() => Assert.Equal("Verifying the audit trail…", screen.Find(".verification .loading").TextContent));
        Assert.True(screen.Find(".verification button").HasAttribute("disabled"));
        answer.SetResult();
        screen.WaitForAssertion(() => Assert.Equal("The audit trail is broken at entry #312.", screen.Find(".verdict.broken .headline").TextContent));
        Assert.Contains("Entry 312 was changed after it was written.", screen.Find(".verdict.broken").TextContent, StringComparison.Ordinal);
        Assert.Empty(screen.FindAll(".verification .loading"));
        Assert.Equal("Verify again", screen.Find(".verification button").TextContent.Trim());
        Assert.Single(api.Requests, r => r.RequestUri!.AbsolutePath == "/api/v1/audit/verification");
    }

    [Fact]
    public void A_verification_that_fails_shows_the_problem_and_can_be_asked_again()
    {
        var calls = 0;
        var api = new FakeApi()
            .On(HttpMethod.Get, "/api/v1/audit/verification", _ => ++calls == 1
                ? FakeApi.Problem(503, "service_unavailable", "The database did not answer in time.")
                : FakeApi.Json(Intact))
            .On(HttpMethod.Get, "/api/v1/audit?", _ => FakeApi.Json(Page()));
        api.Register(this, "audit.read");
        var screen = Render<AuditLog>();
        screen.WaitForAssertion(() => screen.Find(".empty"));

        screen.Find(".verification button").Click();

        screen.WaitForAssertion(() => Assert.Contains("The database did not answer in time.", screen.Find(".verification .problem").TextContent, StringComparison.Ordinal));
        Assert.Empty(screen.FindAll(".verdict"));
        screen.Find(".verification button").Click();
        screen.WaitForAssertion(() => Assert.Equal("The audit trail is intact.", screen.Find(".verdict.intact .headline").TextContent));
        Assert.Empty(screen.FindAll(".verification .problem"));
    }

    [Fact]
    public void The_audit_filters_go_to_the_api_and_load_more_follows_the_cursor()
    {
        const string Entry = """{"sequence":7,"occurredAt":"2026-12-07T10:00:00Z","actor":"system","ipAddress":null,"userAgent":null,"action":"role.created","resourceType":"role","resourceId":"r1","outcome":"succeeded","changes":null,"traceId":null,"previousHash":"a","hash":"b"}""";
        var api = new FakeApi()
            .On(HttpMethod.Get, "/api/v1/audit?", _ => FakeApi.Json("{\"data\":[" + Entry + "],\"nextCursor\":\"c2\",\"hasMore\":true}"))
            .On(HttpMethod.Get, "/api/v1/audit?action=role.created&from=2026-12-01T00%3A00%3A00Z&limit=50&cursor=c2", _ => FakeApi.Json(Page(Entry.Replace("\"sequence\":7", "\"sequence\":6", StringComparison.Ordinal))));
        api.Register(this, "audit.read");
        var screen = Render<AuditLog>();
        screen.WaitForAssertion(() => Assert.Single(screen.FindAll("tbody tr")));

        screen.Find("#audit-action").Change("role.created");
        screen.Find("#audit-from").Change("2026-12-01T00:00");
        screen.Find("form.filters").Submit();
        screen.WaitForAssertion(() => Assert.Single(screen.FindAll("tbody tr")));
        screen.FindAll("button").Single(b => b.TextContent.Trim() == "Load more").Click();

        screen.WaitForAssertion(() => Assert.Equal(2, screen.FindAll("tbody tr").Count));
        Assert.Contains("/api/v1/audit?action=role.created&from=2026-12-01T00%3A00%3A00Z&limit=50", api.Requests.Select(r => r.RequestUri!.PathAndQuery));
    }
}
