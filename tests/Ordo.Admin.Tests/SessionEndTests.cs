using Bunit;
using Bunit.TestDoubles;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using Ordo.Admin.Auth;
using Ordo.Admin.Layout;

namespace Ordo.Admin.Tests;

public sealed class SessionEndTests : BunitContext
{
    private IRenderedComponent<MainLayout> SignedInLayout()
    {
        new FakeApi().Register(this, "orders.read");
        Services.GetRequiredService<NavigationManager>().NavigateTo("orders");
        return Render<MainLayout>(parameters => parameters.Add(l => l.Body, (RenderFragment)(body => body.AddContent(0, "the orders"))));
    }

    [Fact]
    public void When_the_tokens_end_without_a_sign_out_the_panel_asks_the_token_server_again()
    {
        var layout = SignedInLayout();
        var navigation = Services.GetRequiredService<BunitNavigationManager>();
        layout.WaitForAssertion(() => Assert.Contains("the orders", layout.Markup, StringComparison.Ordinal));

        // What a refused refresh does (SignInFlow.RefreshAsync): the session forgets its tokens.
        Services.GetRequiredService<TokenSession>().Clear();

        layout.WaitForAssertion(() =>
        {
            Assert.StartsWith("https://ordo.test/connect/authorize?", navigation.Uri, StringComparison.Ordinal);
            Assert.Contains("prompt=none", navigation.Uri, StringComparison.Ordinal);
        });
    }

    [Fact]
    public void Signing_out_goes_to_the_end_session_endpoint_and_not_back_to_sign_in()
    {
        var layout = SignedInLayout();
        var navigation = Services.GetRequiredService<BunitNavigationManager>();

        layout.Find("header button").Click();

        Assert.StartsWith("https://ordo.test/connect/endsession?", navigation.Uri, StringComparison.Ordinal);
        Assert.DoesNotContain(navigation.History, entry => entry.Uri.Contains("connect/authorize", StringComparison.Ordinal));
    }
}
