using System.Text;
using System.Text.Json;

namespace Ordo.Api.Infrastructure.Audit;

/// <summary>
/// The changed fields of an audit entry, <c>{"field": {"before": …, "after": …}}</c> in the order they were added.
/// Fields that hold personal data or secrets (<see cref="IsMasked"/>) are written as <c>"***"</c>, so the entry says
/// that they changed but never what they were.
/// </summary>
public sealed class AuditChanges
{
    public const string Mask = "***";

    // Names of fields whose values never reach the audit trail in clear (compared ignoring case).
    private static readonly HashSet<string> MaskedFields = new(StringComparer.OrdinalIgnoreCase)
    {
        "email", "name", "firstName", "lastName", "fullName", "phone", "phoneNumber", "address", "shippingAddress",
        "billingAddress", "street", "line1", "line2", "city", "postalCode", "password", "secret", "clientSecret",
        "token", "code", "otp", "recoveryCodes", "authenticatorKey",
    };

    private readonly List<(string Field, object? Before, object? After)> _fields = [];

    public static AuditChanges Create() => new();

    public static bool IsMasked(string field) => MaskedFields.Contains(field);

    /// <summary>A field that changed (or, with only <paramref name="after"/>, was set). Values: strings, numbers, booleans, lists of strings.</summary>
    public AuditChanges Field(string field, object? before, object? after)
    {
        _fields.Add((field, before, after));
        return this;
    }

    /// <summary>A value recorded as it is now (no before), e.g. the reason of a refusal.</summary>
    public AuditChanges Value(string field, object? value) => Field(field, null, value);

    public bool IsEmpty => _fields.Count == 0;

    public string? ToJson()
    {
        if (_fields.Count == 0)
        {
            return null;
        }

        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            foreach (var (field, before, after) in _fields)
            {
                json.WritePropertyName(field);
                json.WriteStartObject();
                var masked = IsMasked(field);
                if (before is not null)
                {
                    json.WritePropertyName("before");
                    Write(json, masked ? Mask : before);
                }

                json.WritePropertyName("after");
                Write(json, masked && after is not null ? Mask : after);
                json.WriteEndObject();
            }

            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void Write(Utf8JsonWriter json, object? value)
    {
        switch (value)
        {
            case null:
                json.WriteNullValue();
                break;
            case string text:
                json.WriteStringValue(text);
                break;
            case bool flag:
                json.WriteBooleanValue(flag);
                break;
            case int number:
                json.WriteNumberValue(number);
                break;
            case long number:
                json.WriteNumberValue(number);
                break;
            case Guid id:
                json.WriteStringValue(id);
                break;
            case IEnumerable<string> items:
                json.WriteStartArray();
                foreach (var item in items)
                {
                    json.WriteStringValue(item);
                }

                json.WriteEndArray();
                break;
            default:
                json.WriteStringValue(Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture));
                break;
        }
    }
}
