using System.Net.Http.Headers;

namespace Ordo.Api.Tests.Infrastructure.Contract;

/// <summary>A response that departs from the OpenAPI document: the test that received it fails with this.</summary>
public sealed class ContractViolationException(string message) : Exception(message);

/// <summary>
/// Sits in every client that <see cref="OrdoApiFactory"/> hands out and checks each response against the live
/// OpenAPI document of the service under test, so any drift between the code and the document fails the test that
/// saw it. JSON bodies are buffered to be checked; other bodies (CSV and NDJSON exports) stream through untouched.
/// With <c>ORDO_CONTRACT_REPORT</c> set to a file path, violations are appended there instead of failing the test,
/// to list all drift in one run.
/// </summary>
public sealed class ContractCheckingHandler(Func<CancellationToken, Task<ApiContract>> contract) : DelegatingHandler
{
    private const int MaxCheckedRequestBytes = 1 << 20;
    private static readonly Lock ReportLock = new();

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        // Only bodies that are already in memory are read: reading a stream would change how it is sent.
        byte[]? requestBody = null;
        if (request.Content is ByteArrayContent or ReadOnlyMemoryContent && request.Content.Headers.ContentLength is <= MaxCheckedRequestBytes)
        {
            requestBody = await request.Content.ReadAsByteArrayAsync(cancellationToken);
        }

        var response = await base.SendAsync(request, cancellationToken);
        var mediaType = response.Content.Headers.ContentType?.MediaType;
        byte[]? responseBody = null;
        if (ApiContract.IsJson(mediaType))
        {
            await response.Content.LoadIntoBufferAsync(cancellationToken);
            responseBody = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        }

        var exchange = new Exchange(
            request.Method.Method,
            request.RequestUri!.AbsolutePath,
            request.RequestUri.Query,
            Flatten(request.Headers, request.Content?.Headers),
            request.Content?.Headers.ContentType?.MediaType,
            requestBody,
            (int)response.StatusCode,
            Flatten(response.Headers, response.Content.Headers),
            mediaType,
            responseBody,
            responseBody is not null ? responseBody.Length > 0 : HasBody(response));
        var violations = (await contract(cancellationToken)).Check(exchange);
        if (violations.Count > 0)
        {
            Report(violations);
        }

        return response;
    }

    private static void Report(IReadOnlyList<string> violations)
    {
        var message = "The response departs from the OpenAPI document (docs/openapi.json):\n  " + string.Join("\n  ", violations);
        var reportPath = Environment.GetEnvironmentVariable("ORDO_CONTRACT_REPORT");
        if (string.IsNullOrEmpty(reportPath))
        {
            throw new ContractViolationException(message);
        }

        lock (ReportLock)
        {
            File.AppendAllLines(reportPath, violations);
        }
    }

    private static bool HasBody(HttpResponseMessage response) =>
        response.Content.Headers.ContentLength is not 0 && (response.Content.Headers.ContentLength > 0 || response.Content.Headers.ContentType is not null);

    private static Dictionary<string, string> Flatten(HttpHeaders headers, HttpContentHeaders? content)
    {
        var all = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, values) in headers.NonValidated)
        {
            all[name] = string.Join(", ", values);
        }

        if (content is not null)
        {
            foreach (var (name, values) in content.NonValidated)
            {
                all[name] = string.Join(", ", values);
            }
        }

        return all;
    }
}
