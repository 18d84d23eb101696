using System.Data.Common;
using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.Data.Sqlite;
using Npgsql;
using Ordo.Api.Features.Customers;
using Ordo.Api.Http;
using Ordo.Api.Infrastructure.Authorization;
using Ordo.Api.Tests.Infrastructure;

namespace Ordo.Api.Tests.Customers;

public abstract class CustomerApiTests(ApiFixture fixture) : ProviderTests(fixture)
{
    /// <summary>A plain ADO.NET connection (not yet open) to the service's database, bypassing EF Core and its converters.</summary>
    protected abstract DbConnection CreateRawConnection();

    protected static string UniqueEmail(string prefix = "customer") => $"{prefix}.{Guid.NewGuid():N}@example.test";

    internal async Task<CustomerResponse> CreateCustomerAsync(string? email = null, string name = "Ada Lovelace", string? phone = "+44 20 7946 0958")
    {
        var response = await Client.SendPostAsync("/api/v1/customers", new
        {
            name,
            email = email ?? UniqueEmail(),
            phone,
            addresses = new[] { new { line1 = "12 Analytical Row", city = "London", postalCode = "W1 1AA", countryCode = "GB" } },
        });
        return await response.ReadAsync<CustomerResponse>(HttpStatusCode.Created);
    }

    private static string UrlOf(CustomerResponse customer) => $"/api/v1/customers/{customer.Id}";

    [Fact]
    public async Task Creating_a_customer_answers_201_with_location_etag_and_normalised_contact_details()
    {
        var email = UniqueEmail("Grace.Hopper");
        var response = await Client.SendPostAsync("/api/v1/customers", new
        {
            name = "  Grace Hopper ",
            email = email.ToUpperInvariant(),
            addresses = new object[]
            {
                new { line1 = "1 Compiler Way", city = "Arlington", postalCode = "22201", region = "VA", countryCode = "us" },
                new { line1 = "2 Cobol Street", line2 = "Floor 3", city = "New York", postalCode = "10001", countryCode = "US" },
            },
        });

        var customer = await response.ReadAsync<CustomerResponse>(HttpStatusCode.Created);
        Assert.Equal(UrlOf(customer), response.Headers.Location?.ToString());
        Assert.False(response.Headers.ETag!.IsWeak);
        Assert.Equal("Grace Hopper", customer.Name);
        Assert.Equal(email.ToLowerInvariant(), customer.Email);
        Assert.Null(customer.Phone);
        var addresses = customer.Addresses;
        Assert.Equal(2, addresses.Count);
        Assert.Equal("US", addresses[0].CountryCode);
        Assert.Equal("VA", addresses[0].Region);
        Assert.Null(addresses[0].Line2);
        Assert.Equal("Floor 3", addresses[1].Line2);
    }

    [Fact]
    public async Task Addresses_are_optional_and_default_to_none()
    {
        var response = await Client.SendPostAsync("/api/v1/customers", new { name = "Alan Turing", email = UniqueEmail() });

        var customer = await response.ReadAsync<CustomerResponse>(HttpStatusCode.Created);
        Assert.Empty(customer.Addresses);
    }

    [Fact]
    public async Task Get_returns_the_customer_with_a_strong_etag_and_304_when_it_still_matches()
    {
        var created = await CreateCustomerAsync();
        var url = UrlOf(created);

        var first = await Client.GetAsync(url, Cancellation);
        var customer = await first.ReadAsync<CustomerResponse>(HttpStatusCode.OK);
        Assert.False(first.Headers.ETag!.IsWeak);
        Assert.Equal(created.Email, customer.Email);
        Assert.Equal("+44 20 7946 0958", customer.Phone);
        Assert.Equal("12 Analytical Row", customer.Addresses[0].Line1);

        using var conditional = new HttpRequestMessage(HttpMethod.Get, url);
        conditional.Headers.TryAddWithoutValidation("If-None-Match", first.ETag());
        var notModified = await Client.SendAsync(conditional, Cancellation);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
    }

    [Fact]
    public async Task Unknown_customer_is_404()
    {
        var response = await Client.GetAsync($"/api/v1/customers/{Guid.NewGuid()}", Cancellation);

        await response.AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task An_email_already_in_use_is_a_409_whatever_its_case()
    {
        var email = UniqueEmail("taken");
        var first = await CreateCustomerAsync(email);
        var (_, withoutPii) = await Administration.AdminTestSupport.CreateRoleAsync(
            Client, Ordo.Api.Infrastructure.Authorization.Permissions.CustomersRead, Ordo.Api.Infrastructure.Authorization.Permissions.CustomersWrite);
        var (writer, _) = await Fixture.Factory.CreateClientWithRolesAsync([withoutPii]);

        var again = await Client.SendPostAsync("/api/v1/customers", new { name = "Someone else", email = email.ToUpperInvariant() });
        var blind = await writer.SendPostAsync("/api/v1/customers", new { name = "Someone else", email });

        var problem = await again.AssertProblemAsync(HttpStatusCode.Conflict, "email_taken");
        // A caller who may find customers by contact details is told which record to use instead; one who may read and
        // write customers but not their contact details learns only that the address is taken (else the id would be a
        // lookup by email).
        Assert.Equal(first.Id, problem.Extension<Guid>("customerId"));
        Assert.False((await blind.AssertProblemAsync(HttpStatusCode.Conflict, "email_taken")).Extensions.ContainsKey("customerId"));
    }

    [Fact]
    public async Task With_several_records_holding_the_address_email_taken_names_the_first_created()
    {
        var email = UniqueEmail("twice");
        var first = DateTimeOffset.UtcNow.AddDays(-2);
        var ids = new List<Guid>();
        using (var scope = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.CreateScope(Fixture.Factory.Services))
        {
            // Records may share an address (an account registered with the address of a staff-made record); the later
            // one is saved first, so the database's own order would not give the answer.
            var db = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<Ordo.Persistence.OrdoDbContext>(scope.ServiceProvider);
            foreach (var createdAt in new[] { first.AddDays(1), first })
            {
                var customer = Ordo.Domain.Customers.Customer.Create("Twin", Ordo.Domain.Customers.Email.Create(email).Value, null, [], createdAt).Value;
                db.Customers.Add(customer);
                ids.Add(customer.Id);
                await db.SaveChangesAsync(Cancellation); // one save each: EF would order one batch's inserts by key
            }
        }

        var again = await Client.SendPostAsync("/api/v1/customers", new { name = "Third", email });

        Assert.Equal(ids[1], (await again.AssertProblemAsync(HttpStatusCode.Conflict, "email_taken")).Extension<Guid>("customerId"));
    }

    [Fact]
    public async Task A_malformed_email_is_a_400_naming_the_field()
    {
        var response = await Client.SendPostAsync("/api/v1/customers", new { name = "Ada", email = "not-an-email" });

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest, "invalid_email");
        Assert.True(problem.HasError("$.email"), problem.ToString());
    }

    [Theory]
    [InlineData("""{"name":"Ada","email":"a@b.example","phone":"call me maybe"}""", "invalid_phone", "$.phone")]
    [InlineData("""{"name":" ","email":"a@b.example"}""", "invalid_name", "$.name")]
    [InlineData("""{"name":"Ada","email":"a@b.example","addresses":[{"line1":"x","city":"y","postalCode":"1","countryCode":"DE"},{"line1":"x","city":"y","postalCode":"1","countryCode":"Germany"}]}""", "invalid_country_code", "$.addresses[1].countryCode")]
    [InlineData("""{"name":"Ada","email":"a@b.example","addresses":[{"line1":"x","city":"y","postalCode":" ","countryCode":"DE"}]}""", "invalid_postal_code", "$.addresses[0].postalCode")]
    public async Task Invalid_contact_details_are_400_with_the_field_path(string body, string code, string path)
    {
        var response = await Client.PostAsync("/api/v1/customers", HttpJson.Body(body), Cancellation);

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest, code);
        Assert.True(problem.HasError(path), problem.ToString());
    }

    [Theory]
    [InlineData("""{"name":"Ada"}""", "$.email")]
    [InlineData("""{"name":"Ada","email":"a@b.example","id":"0198c6a4-0000-7000-8000-000000000000"}""", "$.id")]
    [InlineData("""{"name":"Ada","email":"a@b.example","addresses":[{"line1":"x","city":"y","postalCode":"1","countryCode":"DE","planet":"Mars"}]}""", "$.addresses[0].planet")]
    public async Task Missing_unknown_or_read_only_fields_are_rejected_by_name(string body, string path)
    {
        var response = await Client.PostAsync("/api/v1/customers", HttpJson.Body(body), Cancellation);

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest, "malformed_json");
        Assert.True(problem.HasError(path), problem.ToString());
    }

    [Fact]
    public async Task Listing_pages_through_every_customer_with_limit_next_cursor_and_link_header()
    {
        var marker = Guid.NewGuid().ToString("N")[..12];
        var created = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            created.Add((await CreateCustomerAsync(name: $"Pager {marker} {i}")).Id.ToString());
        }

        var firstResponse = await Client.GetAsync($"/api/v1/customers?q={marker.ToUpperInvariant()}&limit=2", Cancellation);
        var first = await firstResponse.ReadAsync<Page<CustomerResponse>>(HttpStatusCode.OK);
        Assert.Equal(2, first.Data.Count);
        Assert.True(first.HasMore);
        var nextCursor = first.NextCursor;
        Assert.False(string.IsNullOrEmpty(nextCursor));
        var link = Assert.Single(firstResponse.Headers.GetValues("Link"));
        Assert.EndsWith("; rel=\"next\"", link, StringComparison.Ordinal);
        var nextUrl = link[(link.IndexOf('<', StringComparison.Ordinal) + 1)..link.IndexOf('>', StringComparison.Ordinal)];
        Assert.StartsWith("/api/v1/customers?", nextUrl, StringComparison.Ordinal);
        Assert.Contains("cursor=" + Uri.EscapeDataString(nextCursor!), nextUrl, StringComparison.Ordinal);

        var second = await (await Client.GetAsync(nextUrl, Cancellation)).ReadAsync<Page<CustomerResponse>>(HttpStatusCode.OK);
        Assert.Equal(2, second.Data.Count);
        Assert.True(second.HasMore);

        var lastUrl = $"/api/v1/customers?q={marker.ToUpperInvariant()}&limit=2&cursor={Uri.EscapeDataString(second.NextCursor!)}";
        var lastResponse = await Client.GetAsync(lastUrl, Cancellation);
        var last = await lastResponse.ReadAsync<Page<CustomerResponse>>(HttpStatusCode.OK);
        Assert.Single(last.Data);
        Assert.False(last.HasMore);
        Assert.Null(last.NextCursor);
        Assert.False(lastResponse.Headers.Contains("Link"));

        var listed = new[] { first, second, last }
            .SelectMany(page => page.Data)
            .Select(customer => customer.Id.ToString())
            .ToList();
        Assert.Equal(created.Order(StringComparer.Ordinal), listed.Order(StringComparer.Ordinal));
        Assert.Equal(listed.Order(StringComparer.Ordinal), listed); // ordered by id, i.e. by creation time (UUIDv7)
    }

    [Fact]
    public async Task Filtering_by_email_finds_exactly_that_customer_whatever_the_case()
    {
        var email = UniqueEmail("Find.Me");
        var wanted = await CreateCustomerAsync(email);
        await CreateCustomerAsync();

        var page = await (await Client.GetAsync($"/api/v1/customers?email={Uri.EscapeDataString(email.ToUpperInvariant())}", Cancellation))
            .ReadAsync<Page<CustomerResponse>>(HttpStatusCode.OK);

        var found = Assert.Single(page.Data);
        Assert.Equal(wanted.Id, found.Id);
        Assert.Equal(email.ToLowerInvariant(), found.Email);

        var none = await (await Client.GetAsync($"/api/v1/customers?email={UniqueEmail("nobody")}", Cancellation)).ReadAsync<Page<CustomerResponse>>(HttpStatusCode.OK);
        Assert.Empty(none.Data);
    }

    [Fact]
    public async Task A_tampered_cursor_is_a_400()
    {
        var marker = Guid.NewGuid().ToString("N")[..12];
        await CreateCustomerAsync(name: $"Cursor {marker} 1");
        await CreateCustomerAsync(name: $"Cursor {marker} 2");
        var first = await (await Client.GetAsync($"/api/v1/customers?q={marker}&limit=1", Cancellation)).ReadAsync<Page<CustomerResponse>>(HttpStatusCode.OK);
        var cursor = first.NextCursor!;

        // A character well inside the payload, so that it changes whole bytes rather than base64 padding bits.
        var tampered = cursor[..3] + (cursor[3] == 'A' ? 'B' : 'A') + cursor[4..];
        var response = await Client.GetAsync($"/api/v1/customers?q={marker}&limit=1&cursor={Uri.EscapeDataString(tampered)}", Cancellation);

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        Assert.True(problem.HasError("cursor"), problem.ToString());

        var otherFilter = await Client.GetAsync($"/api/v1/customers?q=other&limit=1&cursor={Uri.EscapeDataString(cursor)}", Cancellation);
        await otherFilter.AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
    }

    [Theory]
    [InlineData("?name=Ada", "name")]
    [InlineData("?email=not-an-email", "email")]
    [InlineData("?limit=0", "limit")]
    public async Task Unknown_or_malformed_query_parameters_are_a_400_naming_them(string queryString, string parameter)
    {
        var response = await Client.GetAsync("/api/v1/customers" + queryString, Cancellation);

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        Assert.True(problem.HasError(parameter), problem.ToString());
    }

    [Fact]
    public async Task Patch_is_a_merge_patch_guarded_by_if_match()
    {
        var customer = await CreateCustomerAsync();
        var url = UrlOf(customer);
        var etag = (await Client.GetAsync(url, Cancellation)).ETag();

        var withoutIfMatch = await Client.PatchAsync(url, """{"name":"Ada King"}""", ifMatch: null);
        await withoutIfMatch.AssertProblemAsync(HttpStatusCode.PreconditionRequired, "precondition_required");

        var wrongType = await Client.PatchAsync(url, """{"name":"Ada King"}""", etag, mediaType: "application/json");
        await wrongType.AssertProblemAsync(HttpStatusCode.UnsupportedMediaType, "unsupported_media_type");

        var readOnly = await Client.PatchAsync(url, """{"id":"x","createdAt":"2020-01-01T00:00:00Z","name":"Ada King"}""", etag);
        var problem = await readOnly.AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        Assert.True(problem.HasError("$.id"), problem.ToString());
        Assert.True(problem.HasError("$.createdAt"), problem.ToString());

        var newEmail = UniqueEmail("Countess");
        var patched = await Client.PatchAsync(url, $$"""{"name":"Ada King","email":"{{newEmail}}"}""", etag);
        var body = await patched.ReadAsync<CustomerResponse>(HttpStatusCode.OK);
        Assert.Equal("Ada King", body.Name);
        Assert.Equal(newEmail.ToLowerInvariant(), body.Email);
        Assert.Equal("+44 20 7946 0958", body.Phone); // absent fields stay
        Assert.Single(body.Addresses);
        Assert.NotEqual(etag, patched.ETag());

        var stale = await Client.PatchAsync(url, """{"name":"Someone else"}""", etag);
        await stale.AssertProblemAsync(HttpStatusCode.PreconditionFailed, "precondition_failed");
        var current = await (await Client.GetAsync(url, Cancellation)).ReadAsync<CustomerResponse>(HttpStatusCode.OK);
        Assert.Equal("Ada King", current.Name);
        var byNewEmail = await (await Client.GetAsync($"/api/v1/customers?email={Uri.EscapeDataString(newEmail)}", Cancellation)).ReadAsync<Page<CustomerResponse>>(HttpStatusCode.OK);
        Assert.Equal(customer.Id, Assert.Single(byNewEmail.Data).Id);
    }

    [Fact]
    public async Task Patching_phone_to_null_clears_it_and_addresses_replace_the_whole_list()
    {
        var customer = await CreateCustomerAsync();
        var url = UrlOf(customer);
        var etag = (await Client.GetAsync(url, Cancellation)).ETag();

        var patched = await Client.PatchAsync(
            url,
            """{"phone":null,"addresses":[{"line1":"5 Difference Engine Lane","city":"Cambridge","postalCode":"CB2 1TN","countryCode":"gb"}]}""",
            etag);

        var body = await patched.ReadAsync<CustomerResponse>(HttpStatusCode.OK);
        Assert.Null(body.Phone);
        var address = Assert.Single(body.Addresses);
        Assert.Equal("5 Difference Engine Lane", address.Line1);
        Assert.Equal("GB", address.CountryCode);
        var reread = await (await Client.GetAsync(url, Cancellation)).ReadAsync<CustomerResponse>(HttpStatusCode.OK);
        Assert.Null(reread.Phone);
        Assert.Equal("Cambridge", Assert.Single(reread.Addresses).City);

        var cleared = await Client.PatchAsync(url, """{"addresses":[]}""", patched.ETag());
        Assert.Empty((await cleared.ReadAsync<CustomerResponse>(HttpStatusCode.OK)).Addresses);
    }

    [Theory]
    [InlineData("""{"email":"nope"}""", "invalid_email", "$.email")]
    [InlineData("""{"email":null}""", "validation_failed", "$.email")]
    [InlineData("""{"name":42}""", "validation_failed", "$.name")]
    [InlineData("""{"addresses":[{"line1":"x"}]}""", "validation_failed", "$.addresses[0]")]
    [InlineData("""{"addresses":[{"line1":"x","city":"y","postalCode":"1","countryCode":"XYZ"}]}""", "invalid_country_code", "$.addresses[0].countryCode")]
    public async Task Invalid_patches_are_400_naming_the_field_and_change_nothing(string patch, string code, string path)
    {
        var customer = await CreateCustomerAsync();
        var url = UrlOf(customer);
        var etag = (await Client.GetAsync(url, Cancellation)).ETag();

        var response = await Client.PatchAsync(url, patch, etag);

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest, code);
        Assert.True(problem.HasError(path), problem.ToString());
        Assert.Equal(etag, (await Client.GetAsync(url, Cancellation)).ETag());
    }

    [Fact]
    public async Task Staff_may_give_a_customer_without_an_account_an_address_another_record_has_and_are_not_told_it_is_in_use()
    {
        var taken = UniqueEmail("first");
        await CreateCustomerAsync(taken);
        var second = await CreateCustomerAsync();
        var url = UrlOf(second);
        var etag = (await Client.GetAsync(url, Cancellation)).ETag();

        var response = await Client.PatchAsync(url, $$"""{"email":"{{taken.ToUpperInvariant()}}"}""", etag);

        // Only accounts hold an address; a record's address is contact data (answering 409 here told who is a customer).
        Assert.Equal(taken, (await response.ReadAsync<CustomerResponse>(HttpStatusCode.OK)).Email);
    }

    [Fact]
    public async Task Contact_details_are_stored_encrypted_and_never_in_clear_text()
    {
        var probe = new PiiProbe();
        var created = await CreateProbeCustomerAsync(probe);

        var rows = await ReadRawCustomerRowsAsync();

        var row = Assert.Single(rows, r => r["name"] == probe.Name); // names are stored in clear: proves we read the real row
        Assert.Equal(created.Id.ToString(), row["id"]!.ToLowerInvariant());
        foreach (var column in new[] { "email_encrypted", "phone_encrypted", "addresses_encrypted", "email_index" })
        {
            Assert.False(string.IsNullOrEmpty(row[column]), $"{column} is empty");
        }

        Assert.NotEqual(probe.Email, row["email_index"], StringComparer.OrdinalIgnoreCase);
        foreach (var (column, value) in rows.SelectMany(r => r))
        {
            foreach (var secret in probe.Secrets)
            {
                Assert.False(
                    value?.Contains(secret, StringComparison.OrdinalIgnoreCase) ?? false,
                    $"customers.{column} holds '{secret}' in clear text.");
            }
        }
    }

    protected async Task<CustomerResponse> CreateProbeCustomerAsync(PiiProbe probe)
    {
        ArgumentNullException.ThrowIfNull(probe);
        var response = await Client.SendPostAsync("/api/v1/customers", new
        {
            name = probe.Name,
            email = probe.Email,
            phone = probe.Phone,
            addresses = new[] { new { line1 = probe.Street, city = probe.City, postalCode = "06484", countryCode = "DE" } },
        });
        return await response.ReadAsync<CustomerResponse>(HttpStatusCode.Created);
    }

    [Fact]
    public async Task Staff_set_a_customers_metadata_and_the_customer_reads_it_but_may_not_change_it()
    {
        var created = await Client.SendPostAsync("/api/v1/customers", new
        {
            name = "Tagged",
            email = $"tagged-{Guid.NewGuid():N}@example.com",
            metadata = new Dictionary<string, string> { ["crmContactId"] = "C-2291" },
        });
        var id = (await created.ReadAsync<CustomerResponse>(HttpStatusCode.Created)).Id;
        var (self, _) = await Fixture.Factory.CreateClientWithRolesAsync([BuiltInRoles.Customer], id);

        var bySelf = await self.PatchAsync($"/api/v1/customers/{id}", """{"metadata":{"vip":"yes"}}""", created.ETag());
        var nameBySelf = await self.PatchAsync($"/api/v1/customers/{id}", """{"name":"Renamed"}""", created.ETag());
        var seen = await (await self.GetAsync($"/api/v1/customers/{id}", Cancellation)).ReadAsync<CustomerResponse>(HttpStatusCode.OK);
        var byStaff = await Client.PatchAsync($"/api/v1/customers/{id}", """{"metadata":null}""", nameBySelf.ETag());

        await bySelf.AssertProblemAsync(HttpStatusCode.Forbidden, "metadata_not_allowed");
        await nameBySelf.ReadAsync<CustomerResponse>(HttpStatusCode.OK);
        Assert.Equal(new Dictionary<string, string> { ["crmContactId"] = "C-2291" }, seen.Metadata);
        // An empty object once cleared: the strict read refuses a null or absent metadata.
        Assert.Empty((await byStaff.ReadAsync<CustomerResponse>(HttpStatusCode.OK)).Metadata);
    }

    private async Task<List<Dictionary<string, string?>>> ReadRawCustomerRowsAsync()
    {
        await using var connection = CreateRawConnection();
        await connection.OpenAsync(Cancellation);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT * FROM customers";
        await using var reader = await command.ExecuteReaderAsync(Cancellation);
        var rows = new List<Dictionary<string, string?>>();
        while (await reader.ReadAsync(Cancellation))
        {
            var row = new Dictionary<string, string?>(StringComparer.Ordinal);
            for (var i = 0; i < reader.FieldCount; i++)
            {
                row[reader.GetName(i)] = await reader.IsDBNullAsync(i, Cancellation) ? null : AsText(reader.GetValue(i));
            }

            rows.Add(row);
        }

        return rows;
    }

    private static string AsText(object value) =>
        value is byte[] bytes ? Encoding.UTF8.GetString(bytes) : Convert.ToString(value, CultureInfo.InvariantCulture) ?? "";

    /// <summary>Contact details distinctive enough that finding them anywhere in storage can only mean a leak.</summary>
    protected sealed class PiiProbe
    {
        private readonly string _marker = Guid.NewGuid().ToString("N")[..10];

        public string Name => $"Probe {_marker}";

        public string Email => $"pii.probe.{_marker}@leak-check.example";

        public string Phone { get; } = "+49 (3946) 817-2635";

        public string PhoneDigits { get; } = "4939468172635";

        public string Street => $"Verborgene Gasse {_marker}";

        public string City { get; } = "Quedlinburg";

        public IReadOnlyList<string> Secrets => [Email, $"pii.probe.{_marker}", Phone, PhoneDigits, Street, City];
    }
}

public sealed class CustomerApiOnSqlite(SqliteApiFixture fixture) : CustomerApiTests(fixture), IClassFixture<SqliteApiFixture>
{
    protected override DbConnection CreateRawConnection() => new SqliteConnection(Fixture.ConnectionString);

    [Fact]
    public async Task The_database_files_never_hold_contact_details_in_clear_text()
    {
        var probe = new PiiProbe();
        await CreateProbeCustomerAsync(probe);

        var path = new SqliteConnectionStringBuilder(Fixture.ConnectionString).DataSource;
        var stored = ReadShared(path).Concat(ReadShared(path + "-wal")).ToArray();

        // The name is stored in clear, so it must be found: the bytes read are the ones just written.
        Assert.True(Contains(stored, probe.Name), "The probe customer's name is not in the database files; the check would prove nothing.");
        foreach (var secret in probe.Secrets)
        {
            Assert.False(Contains(stored, secret), $"The SQLite files hold '{secret}' in clear text.");
        }
    }

    // The service keeps the database open; share access so that this read never blocks or fails on a lock.
    private static byte[] ReadShared(string path)
    {
        if (!File.Exists(path))
        {
            return [];
        }

        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    private static bool Contains(byte[] haystack, string text) => haystack.AsSpan().IndexOf(Encoding.UTF8.GetBytes(text)) >= 0;
}

public sealed class CustomerApiOnPostgres(PostgresApiFixture fixture) : CustomerApiTests(fixture), IClassFixture<PostgresApiFixture>
{
    protected override DbConnection CreateRawConnection() => new NpgsqlConnection(Fixture.ConnectionString);
}
