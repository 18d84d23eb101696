using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Ordo.Admin.Auth;

namespace Ordo.Admin.Api;

/// <summary>Products and their stock, customers, and placing an order.</summary>
public sealed partial class OrdoApi
{

    public Task<ApiResult<Page<Product>>> ListProductsAsync(ProductFilter filter, string? cursor)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var url = Query.Append("api/v1/products", [
            new("status", filter.Status),
            new("q", string.IsNullOrWhiteSpace(filter.Search) ? null : filter.Search.Trim()),
            new("limit", filter.PageSize.ToString(CultureInfo.InvariantCulture)),
            new("cursor", cursor)]);
        return SendAsync(() => new HttpRequestMessage(HttpMethod.Get, url), AdminJson.Default.PageProduct);
    }

    public Task<ApiResult<Product>> GetProductAsync(Guid id) =>
        SendAsync(() => new HttpRequestMessage(HttpMethod.Get, $"api/v1/products/{id}"), AdminJson.Default.Product);

    public Task<ApiResult<Product>> CreateProductAsync(CreateProductRequest request) =>
        ChangeAsync(HttpMethod.Post, "api/v1/products", null, () => JsonContent.Create(request, AdminJson.Default.CreateProductRequest), AdminJson.Default.Product);

    /// <summary>A JSON merge patch of what changed, with the <c>If-Match</c> of the version shown (required by the API).</summary>
    public Task<ApiResult<Product>> UpdateProductAsync(Guid id, string etag, ProductChanges changes)
    {
        ArgumentNullException.ThrowIfNull(changes);
        var body = MergePatchOf(changes);
        return ChangeAsync(HttpMethod.Patch, $"api/v1/products/{id}", etag, () =>
        {
            var content = new ByteArrayContent(body);
            content.Headers.ContentType = MergePatch;
            return content;
        }, AdminJson.Default.Product);
    }

    public Task<ApiResult<Product>> ArchiveProductAsync(Guid id, string etag) =>
        ChangeAsync(HttpMethod.Post, $"api/v1/products/{id}/archive", etag, () => null, AdminJson.Default.Product);

    public Task<ApiResult<StockMovement>> AdjustStockAsync(Guid id, string etag, StockAdjustmentRequest request) =>
        ChangeAsync(HttpMethod.Post, $"api/v1/products/{id}/stock-adjustments", etag,
            () => JsonContent.Create(request, AdminJson.Default.StockAdjustmentRequest), AdminJson.Default.StockMovement);

    public Task<ApiResult<Page<StockMovement>>> ListStockMovementsAsync(Guid id, string? cursor) =>
        SendAsync(
            () => new HttpRequestMessage(HttpMethod.Get, Query.Append($"api/v1/products/{id}/stock-movements", [new("limit", "50"), new("cursor", cursor)])),
            AdminJson.Default.PageStockMovement);

    public Task<ApiResult<Page<Customer>>> ListCustomersAsync(string? name, string? email, string? cursor)
    {
        var url = Query.Append("api/v1/customers", [
            new("q", string.IsNullOrWhiteSpace(name) ? null : name.Trim()),
            new("email", string.IsNullOrWhiteSpace(email) ? null : email.Trim()),
            new("limit", "25"),
            new("cursor", cursor)]);
        return SendAsync(() => new HttpRequestMessage(HttpMethod.Get, url), AdminJson.Default.PageCustomer);
    }

    public Task<ApiResult<Customer>> GetCustomerAsync(Guid id) =>
        SendAsync(() => new HttpRequestMessage(HttpMethod.Get, $"api/v1/customers/{id}"), AdminJson.Default.Customer);

    public Task<ApiResult<Customer>> CreateCustomerAsync(CreateCustomerRequest request) =>
        ChangeAsync(HttpMethod.Post, "api/v1/customers", null, () => JsonContent.Create(request, AdminJson.Default.CreateCustomerRequest), AdminJson.Default.Customer);

    /// <summary>Places an order: the same draft sent again after a lost answer replays the first placement (see <see cref="ChangeAsync"/>).</summary>
    public Task<ApiResult<Order>> PlaceOrderAsync(PlaceOrderRequest request) =>
        ChangeAsync(HttpMethod.Post, "api/v1/orders", null, () => JsonContent.Create(request, AdminJson.Default.PlaceOrderRequest), AdminJson.Default.Order);

    internal static byte[] MergePatchOf(ProductChanges changes)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            if (changes.Name is not null)
            {
                json.WriteString("name", changes.Name);
            }

            if (changes.ClearDescription)
            {
                json.WriteNull("description");
            }
            else if (changes.Description is not null)
            {
                json.WriteString("description", changes.Description);
            }

            if (changes.UnitPrice is { } price)
            {
                json.WriteStartObject("unitPrice");
                json.WriteNumber("amount", price.Amount);
                json.WriteString("currency", price.Currency);
                json.WriteEndObject();
            }

            json.WriteEndObject();
        }

        return buffer.ToArray();
    }
}
