using System.Net;
using System.Text.Json;
using Ordo.Api.Features.Products;
using Ordo.Api.Http;
using Ordo.Api.Tests.Infrastructure;

namespace Ordo.Api.Tests.Products;

public abstract class ProductApiTests(ApiFixture fixture) : ProviderTests(fixture)
{
    internal async Task<ProductResponse> CreateProductAsync(int initialStock = 10, long price = 1999, string currency = "EUR", string? sku = null)
    {
        var response = await Client.SendPostAsync("/api/v1/products", new
        {
            sku = sku ?? HttpJson.Unique("SKU"),
            name = "Blue mug",
            description = "Stoneware, 300 ml",
            unitPrice = new { amount = price, currency },
            initialStock,
        });
        return await response.ReadAsync<ProductResponse>(HttpStatusCode.Created);
    }

    [Fact]
    public async Task Creating_a_product_answers_201_with_location_etag_and_stock_levels()
    {
        var response = await Client.SendPostAsync("/api/v1/products", new
        {
            sku = "mug-blue-" + Guid.NewGuid().ToString("N")[..8],
            name = "Blue mug",
            unitPrice = new { amount = 1999, currency = "eur" },
            initialStock = 12,
        });

        var product = await response.ReadAsync<ProductResponse>(HttpStatusCode.Created);
        Assert.Equal($"/api/v1/products/{product.Id}", response.Headers.Location?.ToString());
        Assert.NotNull(response.Headers.ETag);
        Assert.StartsWith("MUG-BLUE-", product.Sku, StringComparison.Ordinal);
        Assert.Equal("active", product.Status);
        Assert.Equal(new MoneyDto(1999, "EUR"), product.UnitPrice);
        Assert.Equal(12, product.StockOnHand);
        Assert.Equal(12, product.StockAvailable);
    }

    [Fact]
    public async Task A_duplicate_sku_is_a_409()
    {
        var first = await CreateProductAsync();

        var again = await Client.SendPostAsync("/api/v1/products", new
        {
            sku = first.Sku,
            name = "Other",
            unitPrice = new { amount = 1, currency = "EUR" },
        });

        await again.AssertProblemAsync(HttpStatusCode.Conflict, "sku_taken");
    }

    [Theory]
    [InlineData("""{"sku":"A-1","name":"x","unitPrice":{"amount":1,"currency":"EUR"},"status":"archived"}""", "$.status")]
    [InlineData("""{"sku":"A-1","name":"x","unitPrice":{"amount":1,"currency":"EUR"},"stockReserved":5}""", "$.stockReserved")]
    [InlineData("""{"sku":"A-1","name":"x","unitPrice":{"amount":"1","currency":"EUR"}}""", "$.unitPrice.amount")]
    [InlineData("""{"sku":"A-1","name":"x","unitPrice":{"amount":1,"currency":"EUR"},"initialStock":"5"}""", "$.initialStock")]
    [InlineData("""{"sku":"A-1","name":"x","unitPrice":{"amount":1.5,"currency":"EUR"}}""", "$.unitPrice.amount")]
    public async Task Unknown_read_only_or_mistyped_fields_are_rejected_by_name(string body, string path)
    {
        var response = await Client.PostAsync("/api/v1/products", HttpJson.Body(body), Cancellation);

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest, "malformed_json");
        Assert.True(problem.HasError(path), problem.ToString());
    }

    [Fact]
    public async Task Missing_required_fields_are_named()
    {
        var response = await Client.PostAsync("/api/v1/products", HttpJson.Body("""{"name":"x"}"""), Cancellation);

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest, "malformed_json");
        Assert.True(problem.HasError("$.sku"), problem.ToString());
        Assert.True(problem.HasError("$.unitPrice"), problem.ToString());
    }

    [Fact]
    public async Task Malformed_json_says_where_it_broke()
    {
        var response = await Client.PostAsync("/api/v1/products", HttpJson.Body("""{"sku": "A-1", "name": }"""), Cancellation);

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest, "malformed_json");
        Assert.Contains("line 1", problem.Detail, StringComparison.Ordinal);
        Assert.Contains("$.name", problem.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_body_that_is_not_json_is_a_415()
    {
        var response = await Client.PostAsync("/api/v1/products", HttpJson.Body("sku=A-1", "text/plain"), Cancellation);

        await response.AssertProblemAsync(HttpStatusCode.UnsupportedMediaType, "unsupported_media_type");
    }

    [Theory]
    [InlineData("BAD SKU!", "invalid_sku", "$.sku")]
    [InlineData("OK-1", "invalid_currency", "$.currency")]
    public async Task Domain_validation_errors_are_400_with_the_field_path(string sku, string code, string path)
    {
        var response = await Client.SendPostAsync("/api/v1/products", new
        {
            sku,
            name = "x",
            unitPrice = new { amount = 1, currency = code == "invalid_currency" ? "EURO" : "EUR" },
        });

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest, code);
        Assert.True(problem.HasError(path), problem.ToString());
    }

    [Fact]
    public async Task Get_returns_a_strong_etag_and_304_when_it_still_matches()
    {
        var product = await CreateProductAsync();
        var url = $"/api/v1/products/{product.Id}";

        var first = await Client.GetAsync(url, Cancellation);
        await first.ReadAsync<ProductResponse>(HttpStatusCode.OK);
        Assert.False(first.Headers.ETag!.IsWeak);

        using var conditional = new HttpRequestMessage(HttpMethod.Get, url);
        conditional.Headers.TryAddWithoutValidation("If-None-Match", first.ETag());
        var notModified = await Client.SendAsync(conditional, Cancellation);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
    }

    [Fact]
    public async Task Unknown_product_is_404()
    {
        var response = await Client.GetAsync($"/api/v1/products/{Guid.NewGuid()}", Cancellation);

        await response.AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task Patch_is_a_merge_patch_guarded_by_if_match()
    {
        var product = await CreateProductAsync();
        var url = $"/api/v1/products/{product.Id}";
        var etag = (await Client.GetAsync(url, Cancellation)).ETag();

        var withoutIfMatch = await Client.PatchAsync(url, """{"name":"Red mug"}""", ifMatch: null);
        await withoutIfMatch.AssertProblemAsync(HttpStatusCode.PreconditionRequired, "precondition_required");

        var wrongType = await Client.PatchAsync(url, """{"name":"Red mug"}""", etag, mediaType: "application/json");
        var unsupported = await wrongType.AssertProblemAsync(HttpStatusCode.UnsupportedMediaType, "unsupported_media_type");
        Assert.EndsWith("send application/merge-patch+json.", unsupported.Detail, StringComparison.Ordinal);

        foreach (var malformed in new[] { etag.Trim('"'), $"x{etag}", $"7, {etag}" })
        {
            var refused = await Client.PatchAsync(url, """{"name":"Red mug"}""", malformed);
            Assert.Contains("quotes", (await refused.AssertProblemAsync(HttpStatusCode.BadRequest, "invalid_if_match")).Detail, StringComparison.Ordinal);
        }

        var weak = await Client.PatchAsync(url, """{"name":"Red mug"}""", "W/" + etag);
        Assert.Contains("weak", (await weak.AssertProblemAsync(HttpStatusCode.PreconditionFailed, "precondition_failed")).Detail, StringComparison.Ordinal);

        var readOnly = await Client.PatchAsync(url, """{"stockOnHand":1000}""", etag);
        var problem = await readOnly.AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        Assert.True(problem.HasError("$.stockOnHand"));

        var patched = await Client.PatchAsync(url, """{"name":"Red mug","description":null,"unitPrice":{"amount":2500,"currency":"EUR"}}""", etag);
        var body = await patched.ReadAsync<ProductResponse>(HttpStatusCode.OK);
        Assert.Equal("Red mug", body.Name);
        Assert.Null(body.Description); // read strictly: present on the wire, and null
        Assert.Equal(2500, body.UnitPrice.Amount);
        Assert.NotEqual(etag, patched.ETag());

        var stale = await Client.PatchAsync(url, """{"name":"Green mug"}""", etag);
        await stale.AssertProblemAsync(HttpStatusCode.PreconditionFailed, "precondition_failed");
        var current = await (await Client.GetAsync(url, Cancellation)).ReadAsync<ProductResponse>(HttpStatusCode.OK);
        Assert.Equal("Red mug", current.Name);
    }

    [Fact]
    public async Task Stock_adjustments_move_on_hand_and_are_listed_as_movements()
    {
        var product = await CreateProductAsync(initialStock: 5);
        var url = $"/api/v1/products/{product.Id}";

        var receipt = await Client.SendPostAsync($"{url}/stock-adjustments", new { kind = "receipt", quantity = 7, reason = "Delivery 42" });
        var movement = await receipt.ReadAsync<StockMovementResponse>(HttpStatusCode.Created);
        Assert.Equal("receipt", movement.Kind);
        Assert.NotNull(receipt.Headers.Location);
        await (await Client.GetAsync(receipt.Headers.Location, Cancellation)).ReadAsync<StockMovementResponse>(HttpStatusCode.OK);

        var shrinkage = await Client.SendPostAsync($"{url}/stock-adjustments", new { kind = "adjustment", quantity = -2, reason = "Broken" });
        await shrinkage.ReadAsync<StockMovementResponse>(HttpStatusCode.Created);
        var tooMuch = await Client.SendPostAsync($"{url}/stock-adjustments", new { kind = "adjustment", quantity = -100, reason = "Count" });
        await tooMuch.AssertProblemAsync(HttpStatusCode.Conflict, "stock_below_reserved");

        var current = await (await Client.GetAsync(url, Cancellation)).ReadAsync<ProductResponse>(HttpStatusCode.OK);
        Assert.Equal(10, current.StockOnHand);
        var movements = await (await Client.GetAsync($"{url}/stock-movements", Cancellation)).ReadAsync<Page<StockMovementResponse>>(HttpStatusCode.OK);
        Assert.Equal(["receipt", "receipt", "adjustment"], movements.Data.Select(m => m.Kind).ToArray());
        Assert.Equal([5, 7, -2], movements.Data.Select(m => m.Quantity).ToArray());
    }

    [Fact]
    public async Task Archived_products_stay_readable_and_archiving_is_idempotent()
    {
        var product = await CreateProductAsync();
        var url = $"/api/v1/products/{product.Id}/archive";

        var first = await (await Client.SendPostAsync(url, new { })).ReadAsync<ProductResponse>(HttpStatusCode.OK);
        var second = await (await Client.SendPostAsync(url, new { })).ReadAsync<ProductResponse>(HttpStatusCode.OK);

        Assert.Equal("archived", first.Status);
        Assert.Equal("archived", second.Status);
    }

    [Fact]
    public async Task Metadata_is_set_on_create_and_merged_by_patch()
    {
        var created = await Client.SendPostAsync("/api/v1/products", new
        {
            sku = HttpJson.Unique("META"),
            name = "Tagged",
            unitPrice = new { amount = 100, currency = "EUR" },
            metadata = new Dictionary<string, string> { ["erpItemNo"] = "100482", ["bin"] = "A1" },
        });
        var product = await created.ReadAsync<ProductResponse>(HttpStatusCode.Created);
        var url = $"/api/v1/products/{product.Id}";

        var patched = await Client.PatchAsync(url, """{"metadata":{"bin":null,"supplier":"ACME"}}""", created.ETag());
        var tooMany = await Client.PatchAsync(
            url, JsonSerializer.Serialize(new { metadata = Enumerable.Range(0, 50).ToDictionary(i => $"k{i}", i => "v") }), patched.ETag());

        // Raw JSON: the metadata's exact wire form (keys in the order they were set) is the point.
        Assert.Equal("""{"erpItemNo":"100482","bin":"A1"}""", await created.RawMemberAsync("metadata"));
        await patched.ReadAsync<ProductResponse>(HttpStatusCode.OK);
        Assert.Equal("""{"erpItemNo":"100482","supplier":"ACME"}""", await patched.RawMemberAsync("metadata"));
        await tooMany.AssertProblemAsync(HttpStatusCode.BadRequest, "invalid_metadata");
        using var read = await Client.GetAsync(url, Cancellation);
        await read.ReadAsync<ProductResponse>(HttpStatusCode.OK);
        Assert.Equal("""{"erpItemNo":"100482","supplier":"ACME"}""", await read.RawMemberAsync("metadata"));
    }

}

public sealed class ProductApiOnSqlite(SqliteApiFixture fixture) : ProductApiTests(fixture), IClassFixture<SqliteApiFixture>;

public sealed class ProductApiOnPostgres(PostgresApiFixture fixture) : ProductApiTests(fixture), IClassFixture<PostgresApiFixture>;
