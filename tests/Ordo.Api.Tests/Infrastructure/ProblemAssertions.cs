using System.Net;
using System.Text.Json;

namespace Ordo.Api.Tests.Infrastructure;

public static class ProblemAssertions
{
    /// <summary>Asserts an RFC 9457 problem with every member Ordo promises, and returns it for further checks.</summary>
    public static async Task<Problem> AssertProblemAsync(this HttpResponseMessage response, HttpStatusCode status, string code)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"Expected {(int)status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonSerializer.Deserialize<Problem>(body, HttpJson.Api) ?? throw new InvalidOperationException($"Not a problem: {body}");
        Assert.Equal((int)status, problem.Status);
        Assert.Equal(code, problem.Code);
        Assert.Equal("https://ordo.dev/problems/" + code, problem.Type);
        Assert.False(string.IsNullOrWhiteSpace(problem.Title));
        Assert.False(string.IsNullOrWhiteSpace(problem.Detail));
        Assert.Matches("^[0-9a-f]{32}$", problem.TraceId);
        return problem;
    }
}
