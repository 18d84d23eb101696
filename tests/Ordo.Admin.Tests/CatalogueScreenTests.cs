using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using Ordo.Admin.Customers;
using Ordo.Admin.Orders;
using Ordo.Admin.Products;

namespace Ordo.Admin.Tests;

public sealed class CatalogueScreenTests : BunitContext
{
    private static readonly Guid ProductId = Guid.Parse("019ac4a2-1111-7d2e-8f3a-4b5c6d7e8f90");
    private static readonly Guid CustomerId = Guid.Parse("019ac4a2-2222-7d2e-8f3a-4b5c6d7e8f90");
    private static readonly Guid OrderId = Guid.Parse("019ac4a2-3333-7d2e-8f3a-4b5c6d7e8f90");
    private const string NoMovements = """{"data":[],"nextCursor":null,"hasMore":false}""";

    private static string Product(string name = "Blue mug", int onHand = 25, string status = "active", string currency = "EUR", Guid? id = null) => $$"""
        {"id":"{{id ?? ProductId}}","sku":"MUG-{{currency}}","name":"{{name}}","description":"Stoneware","unitPrice":{"amount":1999,"currency":"{{currency}}"},"status":"{{status}}",
         "stockOnHand":{{onHand}},"stockReserved":2,"stockAvailable":{{onHand - 2}},"metadata":{},"createdAt":"2026-12-07T10:00:00Z","updatedAt":"2026-12-07T10:00:00Z"}
        """;

    private static string Customer(bool masked) => masked
        ? $$"""{"id":"{{CustomerId}}","name":"Ada Lovelace","email":"a***@example.com","phone":"***00","addresses":[{"line1":"***","line2":null,"city":"London","postalCode":"***","region":null,"countryCode":"GB"}],"contactDetailsMasked":true,"metadata":{},"createdAt":"2026-12-07T10:00:00Z","updatedAt":"2026-12-07T10:00:00Z"}"""
        : $$"""{"id":"{{CustomerId}}","name":"Ada Lovelace","email":"ada@example.com","phone":"+44 20 7946 0000","addresses":[{"line1":"12 St James's Square","line2":null,"city":"London","postalCode":"SW1Y 4LB","region":null,"countryCode":"GB"}],"contactDetailsMasked":false,"metadata":{},"createdAt":"2026-12-07T10:00:00Z","updatedAt":"2026-12-07T10:00:00Z"}""";

    private static string PageOf(params string[] items) => $$"""{"data":[{{string.Join(",", items)}}],"nextCursor":null,"hasMore":false}""";

    [Fact]
    public void A_reader_of_the_catalogue_sees_the_product_but_no_edit_archive_or_stock_controls_and_no_ledger()
    {
        var api = new FakeApi().On(HttpMethod.Get, $"/api/v1/products/{ProductId}", _ => FakeApi.Json(Product(), etag: "\"v1\""));
        api.Register(this, "catalog.read");

        var screen = Render<ProductDetail>(parameters => parameters.Add(p => p.Id, ProductId));

        screen.WaitForAssertion(() => Assert.Equal("Blue mug", screen.Find("h1").TextContent));
        Assert.Empty(screen.FindAll("#edit-name"));
        Assert.Empty(screen.FindAll("#adjust-quantity"));
        Assert.DoesNotContain(screen.FindAll("button"), b => b.TextContent.StartsWith("Archive", StringComparison.Ordinal));
        Assert.Empty(screen.FindAll("#ledger-heading"));
        Assert.DoesNotContain(api.Requests, r => r.RequestUri!.AbsolutePath.EndsWith("/stock-movements", StringComparison.Ordinal));
    }

    [Fact]
    public void Stock_adjust_without_catalog_write_offers_the_adjustment_and_ledger_but_not_editing()
    {
        var api = new FakeApi()
            .On(HttpMethod.Get, $"/api/v1/products/{ProductId}", _ => FakeApi.Json(Product(), etag: "\"v1\""))
            .On(HttpMethod.Get, $"/api/v1/products/{ProductId}/stock-movements", _ => FakeApi.Json(PageOf(
                $$"""{"id":"{{Guid.NewGuid()}}","productId":"{{ProductId}}","kind":"receipt","quantity":25,"reason":"Initial stock","orderId":null,"occurredAt":"2026-12-07T10:00:00Z"}""")));
        api.Register(this, "catalog.read", "stock.adjust");

        var screen = Render<ProductDetail>(parameters => parameters.Add(p => p.Id, ProductId));

        screen.WaitForAssertion(() => Assert.Contains("Initial stock", screen.Find("#ledger-heading + div, section:last-of-type").TextContent, StringComparison.Ordinal));
        Assert.NotEmpty(screen.FindAll("#adjust-quantity"));
        Assert.Empty(screen.FindAll("#edit-name"));
        Assert.Contains("+25", screen.Find("section:last-of-type tbody").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void Saving_sends_a_merge_patch_of_what_changed_with_the_version_seen_and_a_412_reloads_the_product_and_says_why()
    {
        var reads = 0;
        string? body = null;
        HttpRequestMessage? patch = null;
        var api = new FakeApi()
            .On(HttpMethod.Get, $"/api/v1/products/{ProductId}", _ => ++reads == 1
                ? FakeApi.Json(Product("Blue mug"), etag: "\"v1\"")
                : FakeApi.Json(Product("Blue mug, renamed by someone else", onHand: 40), etag: "\"v2\""))
            .On(HttpMethod.Patch, $"/api/v1/products/{ProductId}", request =>
            {
                patch = request;
                body = request.Content!.ReadAsStringAsync().GetAwaiter().GetResult();
                return FakeApi.Problem(412, "precondition_failed", "The product changed.", "trace-412");
            });
        api.Register(this, "catalog.read", "catalog.write");
        var screen = Render<ProductDetail>(parameters => parameters.Add(p => p.Id, ProductId));
        screen.WaitForAssertion(() => screen.Find("#edit-name"));

        screen.Find("#edit-name").Change("Blue mug, large");
        screen.Find("#edit-price").Change("21.50");
        screen.Find("form.action").Submit();

        screen.WaitForAssertion(() => Assert.Contains("Someone else changed this product", screen.Find(".problem").TextContent, StringComparison.Ordinal));
        Assert.Equal("application/merge-patch+json", patch!.Content!.Headers.ContentType!.MediaType);
        Assert.Equal("\"v1\"", patch.Headers.IfMatch.Single().ToString());
        Assert.True(Guid.TryParse(patch.Headers.GetValues("Idempotency-Key").Single(), out _));
        Assert.Equal("""{"name":"Blue mug, large","unitPrice":{"amount":2150,"currency":"EUR"}}""", body);
        Assert.Equal("Blue mug, renamed by someone else", screen.Find("h1").TextContent);
        Assert.Equal("Blue mug, renamed by someone else", screen.Find("#edit-name").GetAttribute("value"));
        Assert.Equal("trace-412", screen.Find(".trace code").TextContent);
    }

    [Fact]
    public void Clearing_the_description_sends_null_for_it_and_nothing_else()
    {
        var changes = new Api.ProductChanges(ClearDescription: true);

        Assert.Equal("""{"description":null}""", System.Text.Encoding.UTF8.GetString(Api.OrdoApi.MergePatchOf(changes)));
    }

    [Fact]
    public void Masked_contact_details_are_shown_as_hidden_with_the_reason_and_no_error()
    {
        var api = new FakeApi().On(HttpMethod.Get, $"/api/v1/customers/{CustomerId}", _ => FakeApi.Json(Customer(masked: true)));
        api.Register(this, "customers.read");

        var screen = Render<CustomerDetail>(parameters => parameters.Add(p => p.Id, CustomerId));

        screen.WaitForAssertion(() => Assert.Equal("Ada Lovelace", screen.Find("h1").TextContent));
        Assert.Empty(screen.FindAll(".problem"));
        Assert.Contains("customers.pii", screen.Find(".masked-note").TextContent, StringComparison.Ordinal);
        var masked = screen.FindAll(".masked");
        Assert.Contains(masked, m => m.TextContent.Contains("a***@example.com", StringComparison.Ordinal) && m.TextContent.Contains("hidden", StringComparison.Ordinal));
        Assert.Equal(4, masked.Count); // email, phone, street, postal code
        Assert.Contains("London", screen.Find("ul.addresses").TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain(screen.FindAll("a"), a => a.TextContent == "Place an order");
    }

    [Fact]
    public void Contact_details_in_clear_carry_no_mask_and_a_caller_who_may_order_gets_the_place_an_order_link()
    {
        var api = new FakeApi().On(HttpMethod.Get, $"/api/v1/customers/{CustomerId}", _ => FakeApi.Json(Customer(masked: false)));
        api.Register(this, "customers.read", "customers.pii", "orders.create");

        var screen = Render<CustomerDetail>(parameters => parameters.Add(p => p.Id, CustomerId));

        screen.WaitForAssertion(() => Assert.Contains("ada@example.com", screen.Find("dl.facts").TextContent, StringComparison.Ordinal));
        Assert.Empty(screen.FindAll(".masked"));
        Assert.Empty(screen.FindAll(".masked-note"));
        Assert.Equal($"orders/new?customer={CustomerId}", screen.FindAll("a").Single(a => a.TextContent == "Place an order").GetAttribute("href"));
    }

    [Fact]
    public void The_customer_list_offers_the_email_search_only_with_customers_pii()
    {
        var api = new FakeApi().On(HttpMethod.Get, "/api/v1/customers?", _ => FakeApi.Json(PageOf(Customer(masked: true))));
        api.Register(this, "customers.read");

        var screen = Render<CustomerList>();

        screen.WaitForAssertion(() => Assert.Single(screen.FindAll("tbody tr")));
        Assert.Empty(screen.FindAll("#customer-email"));
        Assert.Contains("hidden", screen.Find("tbody .masked").TextContent, StringComparison.Ordinal);
        Assert.Empty(screen.FindAll("a.button"));
    }

    [Fact]
    public void The_new_order_form_says_what_is_missing_and_sends_nothing()
    {
        var api = new FakeApi();
        api.Register(this, "orders.create", "customers.read", "catalog.read");

        var screen = Render<NewOrder>();
        screen.Find("form[aria-labelledby=place-heading]").Submit();

        var alert = screen.Find(".problem").TextContent;
        Assert.Contains("Choose the customer.", alert, StringComparison.Ordinal);
        Assert.Contains("Add at least one product.", alert, StringComparison.Ordinal);
        Assert.Empty(api.Requests);
    }

    [Fact]
    public void A_quantity_of_zero_is_refused_before_sending()
    {
        var api = new FakeApi()
            .On(HttpMethod.Get, $"/api/v1/customers/{CustomerId}", _ => FakeApi.Json(Customer(masked: false)))
            .On(HttpMethod.Get, "/api/v1/products?", _ => FakeApi.Json(PageOf(Product())));
        api.Register(this, "orders.create", "customers.read", "catalog.read");
        Services.GetRequiredService<NavigationManager>().NavigateTo($"orders/new?customer={CustomerId}");

        var screen = Render<NewOrder>();
        screen.WaitForAssertion(() => Assert.Contains("Ada Lovelace", screen.Find(".chosen").TextContent, StringComparison.Ordinal));
        screen.Find("form[aria-label='Find a product']").Submit();
        screen.WaitForAssertion(() => screen.FindAll("ul.picks button").Single().Click());
        screen.Find($"#qty-{ProductId}").Change("0");
        screen.Find("form[aria-labelledby=place-heading]").Submit();

        Assert.Contains("MUG-EUR: the quantity must be a whole number from 1", screen.Find(".problem").TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain(api.Requests, r => r.Method == HttpMethod.Post);
    }

    [Fact]
    public void Placing_the_order_sends_the_lines_with_an_idempotency_key_and_opens_the_new_order()
    {
        string? body = null;
        var keys = new List<string>();
        var answers = 0;
        var api = new FakeApi()
            .On(HttpMethod.Get, $"/api/v1/customers/{CustomerId}", _ => FakeApi.Json(Customer(masked: false)))
            .On(HttpMethod.Get, "/api/v1/products?", _ => FakeApi.Json(PageOf(Product())))
            .On(HttpMethod.Post, "/api/v1/orders", request =>
            {
                keys.Add(request.Headers.GetValues("Idempotency-Key").Single());
                body = request.Content!.ReadAsStringAsync().GetAwaiter().GetResult();
                return ++answers == 1
                    ? new HttpResponseMessage(System.Net.HttpStatusCode.BadGateway)
                    : FakeApi.Json($$"""{"id":"{{OrderId}}","number":"ORD-000001","customerId":"{{CustomerId}}","currency":"EUR","status":"pending","paymentStatus":"unpaid","fulfilmentStatus":"unfulfilled","allowedActions":[],"lines":[],"subtotal":{"amount":0,"currency":"EUR"},"shippingFee":{"amount":0,"currency":"EUR"},"total":{"amount":0,"currency":"EUR"},"amountPaid":{"amount":0,"currency":"EUR"},"amountRefunded":{"amount":0,"currency":"EUR"},"paymentReference":null,"shipments":[],"refunds":[],"createdAt":"2026-12-07T10:00:00Z","updatedAt":"2026-12-07T10:00:00Z","paymentDueAt":"2026-12-07T10:30:00Z"}""",
                        System.Net.HttpStatusCode.Created);
            });
        api.Register(this, "orders.create", "customers.read", "catalog.read");
        var navigation = Services.GetRequiredService<NavigationManager>();
        navigation.NavigateTo($"orders/new?customer={CustomerId}");
        var screen = Render<NewOrder>();
        screen.WaitForAssertion(() => screen.Find(".chosen"));
        screen.Find("form[aria-label='Find a product']").Submit();
        screen.WaitForAssertion(() => screen.FindAll("ul.picks button").Single().Click());
        screen.Find($"#qty-{ProductId}").Change("3");

        screen.Find("form[aria-labelledby=place-heading]").Submit();
        screen.WaitForAssertion(() => Assert.Contains("502", screen.Find(".problem").TextContent, StringComparison.Ordinal));
        screen.Find("form[aria-labelledby=place-heading]").Submit(); // the same draft again: the same key

        screen.WaitForAssertion(() => Assert.EndsWith($"/orders/{OrderId}", navigation.Uri, StringComparison.Ordinal));
        Assert.Equal($$"""{"customerId":"{{CustomerId}}","lines":[{"productId":"{{ProductId}}","quantity":3}],"currency":null}""", body);
        Assert.Equal(2, keys.Count);
        Assert.Equal(keys[0], keys[1]);
        Assert.True(Guid.TryParse(keys[0], out _));
    }

    [Fact]
    public void Mixed_currencies_in_a_draft_need_a_choice()
    {
        var draft = new OrderDraft();
        draft.ChooseCustomer(System.Text.Json.JsonSerializer.Deserialize(Customer(false), AdminJson.Default.Customer));
        draft.Add(System.Text.Json.JsonSerializer.Deserialize(Product(), AdminJson.Default.Product)!);
        draft.Add(System.Text.Json.JsonSerializer.Deserialize(Product(currency: "USD", id: Guid.NewGuid()), AdminJson.Default.Product)!);

        Assert.Contains("The products are priced in EUR and USD: choose the order's currency.", draft.Problems());
        Assert.Null(draft.ToRequest());
        draft.ChooseCurrency("EUR");
        Assert.Equal("EUR", draft.ToRequest()!.Currency);
        Assert.Equal(2, draft.ToRequest()!.Lines.Count);
    }

    [Theory]
    [InlineData(1999, "EUR", "19.99")]
    [InlineData(500, "JPY", "500")]
    [InlineData(7, "USD", "0.07")]
    public void A_price_goes_back_into_its_field_as_a_person_types_it(long amount, string currency, string typed)
    {
        Assert.Equal(typed, TypedMoney.Of(new Api.Money(amount, currency)));
        Assert.Equal(amount, Api.Format.MinorUnits(typed, currency));
    }
}
