using System.Globalization;
using System.Reflection;
using System.Text;
using Ordo.Domain.Common;

namespace Ordo.Api.Http;

/// <summary>
/// Every error code the API can answer: the <c>static readonly</c> <see cref="ErrorCode"/> fields of the areas'
/// catalogues (<see cref="HttpErrors"/>, <see cref="CommonErrors"/>, <c>OrderErrors</c>, ...) in the domain and the host,
/// sorted by code. The OpenAPI document and <c>docs/api.md</c> list it, and the contract tests refuse a problem whose
/// code is not in it.
/// </summary>
public static class ErrorCatalogue
{
    private static readonly Lazy<IReadOnlyList<ErrorCode>> Codes = new(Collect);

    public static IReadOnlyList<ErrorCode> All => Codes.Value;

    /// <summary>Whether <paramref name="code"/> is catalogued: listed itself, or a member of a family (<c>invalid_*</c>).</summary>
    public static bool Lists(string code) =>
        All.Any(entry => entry.Code.EndsWith('*')
            ? code.StartsWith(entry.Code[..^1], StringComparison.Ordinal) && code.Length >= entry.Code.Length
            : entry.Code == code);

    /// <summary>The catalogue as a markdown table: code, status, meaning.</summary>
    public static string Table()
    {
        var table = new StringBuilder("| code | status | meaning |\n|---|---|---|\n");
        foreach (var entry in All)
        {
            table.Append(CultureInfo.InvariantCulture, $"| `{entry.Code}` | {DomainProblems.StatusOf(entry.Kind)} | {entry.Meaning.Replace("|", "\\|", StringComparison.Ordinal)} |\n");
        }

        return table.ToString();
    }

    private static List<ErrorCode> Collect()
    {
        var codes = new[] { typeof(ErrorCode).Assembly, typeof(ErrorCatalogue).Assembly }
            .SelectMany(assembly => assembly.GetTypes())
            .Where(type => !type.ContainsGenericParameters)
            .SelectMany(type => type.GetFields(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.DeclaredOnly))
            .Where(field => field.IsInitOnly && field.FieldType == typeof(ErrorCode))
            .Select(field => (ErrorCode)field.GetValue(null)!)
            .Distinct() // an area may refer to a code of a lower one by a field of its own
            .OrderBy(entry => entry.Code, StringComparer.Ordinal)
            .ToList();
        var duplicates = codes.GroupBy(entry => entry.Code, StringComparer.Ordinal).Where(group => group.Count() > 1).Select(group => group.Key).ToList();
        return duplicates.Count == 0
            ? codes
            : throw new InvalidOperationException(
                $"Error codes are declared more than once, differently: {string.Join(", ", duplicates)}. Declare a code once, in the lowest area that answers it.");
    }
}
