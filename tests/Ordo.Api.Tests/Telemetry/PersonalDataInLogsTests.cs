using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Ordo.Api.Features.Customers;
using Ordo.Api.Features.Orders;
using Ordo.Api.Infrastructure.Logging;
using Ordo.Api.Tests.Infrastructure;
using Ordo.Api.Tests.Orders;
using Ordo.Api.Tests.Security;

namespace Ordo.Api.Tests.Telemetry;

/// <summary>
/// Requests that carry personal data (a registration, a customer with an email, name, phone and address, a failed
/// sign-in for a known email, an order shipped to an address) leave none of it in any log record: message,
/// structured values, scopes or exception, at the shipped levels and at Trace.
/// </summary>
public abstract partial class PersonalDataInLogsTests(ApiFixture fixture)
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Registering_creating_a_customer_failing_to_sign_in_and_placing_an_order_log_no_email_name_phone_or_address()
    {
        var collector = fixture.Factory.Services.GetRequiredService<FakeLogCollector>();
        collector.Clear();
        var unique = Guid.NewGuid().ToString("N")[..8];
        var registeredEmail = $"zeb.registrant.{unique}@example.org";
        var registeredName = $"Zebulon Registrant{unique}";
        var customerEmail = $"quill.customer.{unique}@example.org";
        var customerName = $"Quillon Customer{unique}";
        var phone = $"+44 20 7946 {Random.Shared.Next(1000, 9999)}";
        var street = $"{Random.Shared.Next(100, 999)} Marigold{unique} Lane";
        var postalCode = $"ZX{Random.Shared.Next(10, 99)} 9QQ";
        var shippingStreet = $"7 Thistle{unique} Row";
        string[] personal = [registeredEmail, registeredName, customerEmail, customerName, phone, street, postalCode, shippingStreet];

        using var anonymous = fixture.CreateAnonymousClient();
        var password = TestAuth.NewPassword();
        using var registered = await anonymous.SendPostAsync("/api/v1/account/register", new { email = registeredEmail, password, name = registeredName });
        Assert.Equal(HttpStatusCode.Accepted, registered.StatusCode);
        var wrong = await TestAuth.PasswordGrantAsync(anonymous, registeredEmail, "not-" + password, cancellationToken: Cancellation);
        Assert.Equal(400, wrong.Status);

        using var admin = fixture.CreateClient();
        var customer = await (await admin.SendPostAsync("/api/v1/customers", new
        {
            name = customerName,
            email = customerEmail,
            phone,
            addresses = new[] { new { line1 = street, city = "Thistlewick", postalCode, countryCode = "GB" } },
        })).ReadAsync<CustomerResponse>(HttpStatusCode.Created);
        var product = await new OrderTestData(fixture, admin).ProductAsync(stock: 5);
        var order = JsonSerializer.Serialize(new
        {
            customerId = customer.Id,
            lines = new[] { new { productId = product.Id, quantity = 1 } },
            shippingAddress = new { line1 = shippingStreet, city = "Thistlewick", postalCode, countryCode = "GB" },
        });
        await (await admin.SendPostAsync("/api/v1/orders", HttpJson.Body(order))).ReadAsync<OrderResponse>(HttpStatusCode.Created);

        var records = collector.GetSnapshot();
        Assert.NotEmpty(records);
        var leaks = records
            .Select(record => (Record: record, Text: Text(record)))
            .SelectMany(entry => personal.Where(value => entry.Text.Contains(value, StringComparison.OrdinalIgnoreCase)).Select(value => $"{value} in {entry.Record.Category}: {entry.Text}"))
            .ToList();
        Assert.True(leaks.Count == 0, string.Join(Environment.NewLine, leaks));
    }

    [Fact]
    public void A_log_parameter_classified_as_personal_data_or_secret_is_erased_before_any_provider_sees_it()
    {
        var collector = fixture.Factory.Services.GetRequiredService<FakeLogCollector>();
        var logger = fixture.Factory.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Ordo.Tests.Redaction");
        var marker = Guid.NewGuid().ToString("N");

        LogClassified(logger, $"ada.{marker}@example.org", $"secret-{marker}", marker);

        var record = Assert.Single(collector.GetSnapshot(), r => r.Category == "Ordo.Tests.Redaction" && Text(r).Contains(marker, StringComparison.Ordinal));
        Assert.DoesNotContain("@example.org", Text(record), StringComparison.Ordinal);
        Assert.DoesNotContain("secret-", Text(record), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Records_written_while_serving_a_request_carry_its_trace_and_span_ids()
    {
        var collector = fixture.Factory.Services.GetRequiredService<FakeLogCollector>();
        using var anonymous = fixture.CreateAnonymousClient();
        using var response = await anonymous.GetAsync(new Uri("/api/v1/products?limit=1", UriKind.Relative), Cancellation);

        var completed = collector.GetSnapshot().Last(r => r.Id.Name == "RequestCompleted");
        var scope = completed.Scopes.OfType<IEnumerable<KeyValuePair<string, object?>>>().SelectMany(values => values).ToDictionary(p => p.Key, p => p.Value?.ToString());
        Assert.Equal(completed.GetStructuredStateValue("TraceId"), scope["TraceId"]);
        Assert.Matches("^[0-9a-f]{16}$", scope["SpanId"]);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Classified {Email} {Password} beside {Marker}")]
    private static partial void LogClassified(ILogger logger, [PersonalData] string email, [SecretData] string password, string marker);

    /// <summary>Everything a log sink could write of a record: message, structured values, scopes, exception.</summary>
    private static string Text(FakeLogRecord record) =>
        string.Join(
            ' ',
            new[] { record.Category, record.Message, record.Exception?.ToString() }
                .Concat(record.StructuredState?.Select(pair => $"{pair.Key}={pair.Value}") ?? [])
                .Concat(record.Scopes.SelectMany(ScopeText)));

    private static IEnumerable<string?> ScopeText(object? scope) =>
        scope is IEnumerable<KeyValuePair<string, object?>> values ? values.Select(pair => (string?)$"{pair.Key}={pair.Value}") : [scope?.ToString()];
}

public sealed class PersonalDataInLogsAtShippedLevels(LogCapturingFixture fixture) : PersonalDataInLogsTests(fixture), IClassFixture<LogCapturingFixture>;

public sealed class PersonalDataInLogsAtTrace(VerboseLogCapturingFixture fixture) : PersonalDataInLogsTests(fixture), IClassFixture<VerboseLogCapturingFixture>;
