using System.Net;
using System.Text;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using Ordo.Admin.Orders;

namespace Ordo.Admin.Tests;

public sealed class OrderExportTests : BunitContext
{
    private const string Header = "number,id,customer_id,status\n";
    private const string Rows = "ORD-000001,a,b,pending\nORD-000002,c,d,pending\n";

    private static HttpResponseMessage Csv(HttpContent content)
    {
        var response = new HttpResponseMessage(HttpStatusCode.OK) { Content = content };
        response.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("text/csv");
        response.Content.Headers.ContentDisposition = new System.Net.Http.Headers.ContentDispositionHeaderValue("attachment") { FileName = "\"orders.csv\"" };
        return response;
    }

    [Fact]
    public void The_export_asks_for_the_lists_current_filters_shows_progress_while_rows_arrive_and_hands_the_file_to_the_browser()
    {
        var rest = new TaskCompletionSource();
        var api = new FakeApi()
            .On(HttpMethod.Get, "/api/v1/orders?", _ => FakeApi.Json("""{"data":[],"nextCursor":null,"hasMore":false}"""))
            .On(HttpMethod.Get, "/api/v1/orders/export", _ => Csv(new StreamContent(new SlowStream(Encoding.UTF8.GetBytes(Header + Rows), Header.Length + 23, rest.Task))));
        api.Register(this, "orders.read", "orders.export");
        var download = JSInterop.SetupModule("./js/download.js");
        download.SetupVoid("saveFile", _ => true).SetVoidResult();
        Services.GetRequiredService<NavigationManager>().NavigateTo("orders?status=pending");
        var screen = Render<OrderList>();
        screen.WaitForAssertion(() => Assert.Contains("No orders match.", screen.Markup, StringComparison.Ordinal));

        screen.Find(".export button").Click();

        screen.WaitForAssertion(() => Assert.Equal($"Received {Header.Length + 23} bytes, 1 order so far…", screen.Find(".export-status").TextContent));
        Assert.True(screen.Find(".export button").HasAttribute("disabled"));
        rest.SetResult();
        screen.WaitForAssertion(() => Assert.Equal($"Exported 2 orders ({Header.Length + Rows.Length} bytes) as orders.csv.", screen.Find(".export-status").TextContent));
        Assert.Equal(["?status=pending&sort=-createdAt&limit=25"], api.Requests.Where(r => r.RequestUri!.AbsolutePath == "/api/v1/orders").Select(r => r.RequestUri!.Query));
        var export = Assert.Single(api.Requests, r => r.RequestUri!.AbsolutePath.EndsWith("/export", StringComparison.Ordinal));
        Assert.Equal("?status=pending&sort=-createdAt", export.RequestUri!.Query);
        Assert.Equal("Bearer access", export.Headers.Authorization?.ToString());
        var saved = Assert.Single(download.Invocations);
        Assert.Equal(["orders.csv", "text/csv"], saved.Arguments.Take(2));
    }

    [Fact]
    public void An_export_cut_off_while_the_file_comes_in_says_so_and_offers_the_button_again()
    {
        var cutOff = Task.FromException(new IOException("The connection was reset."));
        var api = new FakeApi()
            .On(HttpMethod.Get, "/api/v1/orders?", _ => FakeApi.Json("""{"data":[],"nextCursor":null,"hasMore":false}"""))
            .On(HttpMethod.Get, "/api/v1/orders/export", _ => Csv(new StreamContent(new SlowStream(Encoding.UTF8.GetBytes(Header + Rows), Header.Length, cutOff))));
        api.Register(this, "orders.read", "orders.export");
        var screen = Render<OrderList>();
        screen.WaitForAssertion(() => Assert.Contains("No orders match.", screen.Markup, StringComparison.Ordinal));

        screen.Find(".export button").Click();

        screen.WaitForAssertion(() => Assert.Contains("The export was interrupted", screen.Markup, StringComparison.Ordinal));
        Assert.Contains("The connection was reset.", screen.Markup, StringComparison.Ordinal);
        Assert.False(screen.Find(".export button").HasAttribute("disabled"));
    }

    [Fact]
    public void A_refused_export_shows_the_problem_and_offers_the_button_again()
    {
        var api = new FakeApi()
            .On(HttpMethod.Get, "/api/v1/orders?", _ => FakeApi.Json("""{"data":[],"nextCursor":null,"hasMore":false}"""))
            .On(HttpMethod.Get, "/api/v1/orders/export", _ => FakeApi.Problem(403, "permission_missing", "Needs orders.export.", "trace-403", ""","permission":"orders.export" """));
        api.Register(this, "orders.read", "orders.export");
        var screen = Render<OrderList>();

        screen.Find(".export button").Click();

        screen.WaitForAssertion(() => Assert.Contains("trace-403", screen.Find(".problem").TextContent, StringComparison.Ordinal));
        Assert.Contains("it needs the permission orders.export", screen.Find(".problem").TextContent, StringComparison.Ordinal);
        Assert.False(screen.Find(".export button").HasAttribute("disabled"));
        Assert.Equal("", screen.Find(".export-status").TextContent);
    }

    [Fact]
    public void Without_the_export_permission_there_is_no_export_button()
    {
        var api = new FakeApi().On(HttpMethod.Get, "/api/v1/orders?", _ => FakeApi.Json("""{"data":[],"nextCursor":null,"hasMore":false}"""));
        api.Register(this, "orders.read");

        var screen = Render<OrderList>();

        Assert.Empty(screen.FindAll(".export"));
    }

    /// <summary>A body that gives its first <c>firstPart</c> bytes at once and the rest once <c>rest</c> completes.</summary>
    private sealed class SlowStream(byte[] content, int firstPart, Task rest) : Stream
    {
        private int _position;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => content.Length;

        public override long Position { get => _position; set => throw new NotSupportedException(); }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (_position >= firstPart)
            {
                await rest;
            }

            var end = _position < firstPart ? firstPart : content.Length;
            var count = Math.Min(buffer.Length, end - _position);
            content.AsMemory(_position, count).CopyTo(buffer);
            _position += count;
            return count;
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
