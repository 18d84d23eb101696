using System.Net;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Components.WebAssembly.Http;
using Ordo.Admin.Auth;

namespace Ordo.Admin.Api;

public sealed partial class OrdoApi
{
    public Task<ApiResult<Summary>> GetSummaryAsync() =>
        SendAsync(() => new HttpRequestMessage(HttpMethod.Get, "api/v1/reports/summary"), AdminJson.Default.Summary);

    /// <summary>
    /// <c>GET /api/v1/orders/export</c> with the list's filters, read as it streams (the browser's fetch hands the body
    /// over in chunks once streaming is asked for) so <paramref name="progress"/> can tell bytes and rows as they come.
    /// </summary>
    public async Task<ApiResult<ExportedFile>> ExportOrdersAsync(OrderFilter filter, IProgress<ExportProgress> progress, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentNullException.ThrowIfNull(progress);
        var url = Query.Append("api/v1/orders/export", [
            new("status", filter.Status),
            new("q", string.IsNullOrWhiteSpace(filter.Search) ? null : filter.Search.Trim()),
            new("sort", filter.Sort)]);
        try
        {
            if (session.NeedsRefresh)
            {
                await signIn.RefreshAsync();
            }

            var response = await SendStreamingAsync(url, cancellationToken);
            if (response.StatusCode == HttpStatusCode.Unauthorized && await signIn.RefreshAsync())
            {
                response.Dispose();
                response = await SendStreamingAsync(url, cancellationToken);
            }

            using (response)
            {
                if (!response.IsSuccessStatusCode)
                {
                    return new ApiResult<ExportedFile>(null, (await ReadAsync(response, AdminJson.Default.Problem)).Problem);
                }

                return new ApiResult<ExportedFile>(await ReceiveAsync(response, progress, cancellationToken), null);
            }
        }
        catch (HttpRequestException exception)
        {
            return Failed<ExportedFile>(Problem.Unreachable(0, exception.Message));
        }
    }

    private async Task<HttpResponseMessage> SendStreamingAsync(string url, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/csv"));
        request.SetBrowserResponseStreamingEnabled(true);
        if (session.AccessToken is { } token)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
    }

    private static async Task<ExportedFile> ReceiveAsync(HttpResponseMessage response, IProgress<ExportProgress> progress, CancellationToken cancellationToken)
    {
        using var content = new MemoryStream();
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        var buffer = new byte[64 * 1024];
        long lines = 0;
        int read;
        while ((read = await body.ReadAsync(buffer, cancellationToken)) > 0)
        {
            content.Write(buffer, 0, read);
            lines += buffer.AsSpan(0, read).Count((byte)'\n');
            progress.Report(new ExportProgress(content.Length, Math.Max(0, lines - 1)));
        }

        var rows = Math.Max(0, lines - 1); // every row ends with a line break; the first line is the header
        var name = response.Content.Headers.ContentDisposition?.FileNameStar
            ?? response.Content.Headers.ContentDisposition?.FileName?.Trim('"')
            ?? "orders.csv";
        return new ExportedFile(name, response.Content.Headers.ContentType?.MediaType ?? "text/csv", content.ToArray(), rows);
    }
}
