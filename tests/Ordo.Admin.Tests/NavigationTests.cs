using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using Ordo.Admin.Layout;

namespace Ordo.Admin.Tests;

public sealed class NavigationTests : BunitContext
{
    private IReadOnlyList<string> CurrentLinksOn(string path)
    {
        new FakeApi().Register(this, "orders.read", "orders.create", "catalog.read", "customers.read");
        Services.GetRequiredService<NavigationManager>().NavigateTo(path);
        var layout = Render<MainLayout>(parameters => parameters.Add(l => l.Body, (RenderFragment)(body => body.AddContent(0, "a page"))));
        return [.. layout.FindAll("nav a.active").Select(a => a.TextContent)];
    }

    [Theory]
    [InlineData("orders/new")]
    [InlineData("orders/new?customer=019ac4a0-1f2e-7d3c-8b4a-5e6f7a8b9c0d")]
    public void Placing_an_order_highlights_new_order_and_not_the_orders(string path)
    {
        Assert.Equal(["New order"], CurrentLinksOn(path));
    }

    [Theory]
    [InlineData("orders")]
    [InlineData("orders?status=paid")]
    [InlineData("orders/019ac4a0-1f2e-7d3c-8b4a-5e6f7a8b9c0d")]
    [InlineData("orders/newest")]
    public void The_order_list_and_an_order_highlight_the_orders(string path)
    {
        Assert.Equal(["Orders"], CurrentLinksOn(path));
    }
}
