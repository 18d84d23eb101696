using System.Net;
using System.Text;
using Ordo.Api.Features.Customers;
using Ordo.Api.Features.Products;
using Ordo.Api.Http;
using Ordo.Api.Tests.Infrastructure;

namespace Ordo.Api.Tests.Platform;

/// <summary><c>?q=</c> ignores case for every script, the same way on both databases.</summary>
public abstract class UnicodeSearchTests(ApiFixture fixture) : ProviderTests(fixture)
{
    // Spelled in the precomposed (NFC) form; the queries below also use the decomposed (NFD) one.
    private const string Words = "Étagère Ωμέγα Ünïcødé Жёлтый";

    // The same words without their letters outside ASCII: never a match for the words above.
    private const string AsciiWords = "Etagere Omega Unicode Zholtyi";

    public static TheoryData<string> Spellings() =>
    [
        "étagère ωμέγα ünïcødé жёлтый",
        "ÉTAGÈRE ΩΜΈΓΑ ÜNÏCØDÉ ЖЁЛТЫЙ",
        "ÉtAgÈrE ωΜέΓα",
        "Étagère".Normalize(NormalizationForm.FormD),
        "ÜNÏCØDÉ".Normalize(NormalizationForm.FormD),
        "жёлтый",
    ];

    [Theory]
    [MemberData(nameof(Spellings))]
    public async Task Product_search_finds_names_whatever_the_case_of_non_ASCII_letters(string spelling)
    {
        var marker = Guid.NewGuid().ToString("N")[..10];
        var product = await (await Client.SendPostAsync("/api/v1/products", ProductNamed($"{marker} {Words}"))).ReadAsync<ProductResponse>(HttpStatusCode.Created);
        var ascii = await (await Client.SendPostAsync("/api/v1/products", ProductNamed($"{marker} {AsciiWords}"))).ReadAsync<ProductResponse>(HttpStatusCode.Created);

        var found = await SearchAsync<ProductResponse>("/api/v1/products", spelling, p => p.Id);

        Assert.Contains(product.Id, found);
        Assert.DoesNotContain(ascii.Id, found);
        Assert.Equal([product.Id], await SearchAsync<ProductResponse>("/api/v1/products", $"{marker.ToUpperInvariant()} {Words.ToLowerInvariant()}", p => p.Id));
    }

    [Theory]
    [MemberData(nameof(Spellings))]
    public async Task Customer_search_finds_names_whatever_the_case_of_non_ASCII_letters_and_however_they_were_composed(string spelling)
    {
        var marker = Guid.NewGuid().ToString("N")[..10];
        // Stored as sent in the decomposed form: names are kept in NFC, so either spelling finds them.
        var customer = await (await Client.SendPostAsync("/api/v1/customers", new { name = $"{marker} {Words}".Normalize(NormalizationForm.FormD), email = $"{marker}@example.test" }))
            .ReadAsync<CustomerResponse>(HttpStatusCode.Created);
        var ascii = await (await Client.SendPostAsync("/api/v1/customers", new { name = $"{marker} {AsciiWords}", email = $"{marker}.ascii@example.test" }))
            .ReadAsync<CustomerResponse>(HttpStatusCode.Created);

        var found = await SearchAsync<CustomerResponse>("/api/v1/customers", spelling, c => c.Id);

        Assert.Contains(customer.Id, found);
        Assert.DoesNotContain(ascii.Id, found);
        Assert.Equal($"{marker} {Words}", customer.Name);
    }

    private static object ProductNamed(string name) => new
    {
        sku = HttpJson.Unique("UNI"),
        name,
        unitPrice = new { amount = 1999, currency = "EUR" },
        initialStock = 1,
    };

    private async Task<List<Guid>> SearchAsync<T>(string list, string q, Func<T, Guid> idOf)
    {
        var page = await (await Client.GetAsync($"{list}?limit=200&q={Uri.EscapeDataString(q)}", Cancellation)).ReadAsync<Page<T>>(HttpStatusCode.OK);
        return [.. page.Data.Select(idOf)];
    }
}

public sealed class UnicodeSearchOnSqlite(SqliteApiFixture fixture) : UnicodeSearchTests(fixture), IClassFixture<SqliteApiFixture>;

public sealed class UnicodeSearchOnPostgres(PostgresApiFixture fixture) : UnicodeSearchTests(fixture), IClassFixture<PostgresApiFixture>;
