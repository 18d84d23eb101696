using System.Text.Json;

namespace Ordo.Api.Tests.Infrastructure;

/// <summary>
/// The body as it went over the wire, for what a typed read (<see cref="HttpJson.ReadAsync{T}"/>) can't show: which
/// members an object has at all, their order, a value's exact text. Read the body typed first (that asserts the
/// status); these read the same buffered body again.
/// </summary>
public static class WireShape
{
    /// <summary>The names of the body's members, in the order written.</summary>
    public static async Task<string[]> MemberNamesAsync(this HttpResponseMessage response) =>
        [.. (await RootAsync(response)).EnumerateObject().Select(member => member.Name)];

    /// <summary>The names of each member of every row of a page (<c>data[*]</c>), in the order written.</summary>
    public static async Task<string[][]> MemberNamesOfEachRowAsync(this HttpResponseMessage response) =>
        [.. Rows(await RootAsync(response)).Select(row => row.EnumerateObject().Select(member => member.Name).ToArray())];

    /// <summary>The body's <paramref name="member"/> exactly as written.</summary>
    public static async Task<string> RawMemberAsync(this HttpResponseMessage response, string member) =>
        (await RootAsync(response)).GetProperty(member).GetRawText();

    /// <summary>The <paramref name="member"/> of every row of a page (<c>data[*].member</c>) exactly as written.</summary>
    public static async Task<string[]> RawMemberOfEachRowAsync(this HttpResponseMessage response, string member) =>
        [.. Rows(await RootAsync(response)).Select(row => row.GetProperty(member).GetRawText())];

    /// <summary>The whole of every row of a page (<c>data[*]</c>) exactly as written.</summary>
    public static async Task<string[]> RawRowsAsync(this HttpResponseMessage response) =>
        [.. Rows(await RootAsync(response)).Select(row => row.GetRawText())];

    private static JsonElement.ArrayEnumerator Rows(JsonElement page) => page.GetProperty("data").EnumerateArray();

    private static async Task<JsonElement> RootAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.IsSuccessStatusCode, $"Expected a success, got {(int)response.StatusCode}: {body}");
        using var document = JsonDocument.Parse(body);
        return document.RootElement.Clone();
    }
}
