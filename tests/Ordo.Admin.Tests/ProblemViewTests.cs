using System.Text.Json;
using Bunit;
using Ordo.Admin.Api;
using Ordo.Admin.Components;

namespace Ordo.Admin.Tests;

public sealed class ProblemViewTests : BunitContext
{
    private static Problem Parse(string json) => JsonSerializer.Deserialize(json, AdminJson.Default.Problem)!;

    [Fact]
    public void A_problem_is_shown_in_words_with_its_trace_id_as_an_alert()
    {
        var problem = Parse("""{"status":412,"code":"precondition_failed","title":"Precondition failed","detail":"If-Match no longer matches.","traceId":"0af7651916cd43dd8448eb211c80319c"}""");

        var view = Render<ProblemView>(parameters => parameters.Add(p => p.Problem, problem));

        var alert = view.Find("[role=alert]");
        Assert.Contains("Someone else changed this order", alert.TextContent, StringComparison.Ordinal);
        Assert.Contains("If-Match no longer matches.", alert.TextContent, StringComparison.Ordinal);
        Assert.Equal("0af7651916cd43dd8448eb211c80319c", view.Find(".trace code").TextContent);
    }

    [Fact]
    public void The_refund_limit_is_explained_with_its_amounts_and_who_can_refund_more()
    {
        var problem = Parse("""
            {"status":403,"code":"refund_limit_exceeded","detail":"Over the limit.","traceId":"t1",
             "limit":{"amount":5000,"currency":"EUR"},"alreadyRefunded":{"amount":4000,"currency":"EUR"},"refund":{"amount":2000,"currency":"EUR"}}
            """);

        var text = ProblemText.Of(problem);

        Assert.Equal(
            "This refund goes over what you may give back on this order (your limit is 50.00 EUR; 40.00 EUR is already refunded; this asks for 20.00 EUR). Someone allowed unlimited refunds (orders.refund.unlimited) can make it.",
            text.Headline);
    }

    [Fact]
    public void A_missing_permission_names_the_permission()
    {
        var text = ProblemText.Of(Parse("""{"status":403,"code":"permission_missing","permission":"orders.pay","traceId":"t2"}"""));

        Assert.Equal("Your role does not allow this (it needs the permission orders.pay).", text.Headline);
    }

    [Fact]
    public void An_unknown_code_shows_the_problem_title_and_detail()
    {
        var text = ProblemText.Of(Parse("""{"status":409,"code":"something_new","title":"Something new happened","detail":"Details.","traceId":"t3"}"""));

        Assert.Equal(new ProblemText("Something new happened", "Details.", "t3"), text);
    }

    [Fact]
    public void No_problem_renders_nothing()
    {
        var view = Render<ProblemView>(parameters => parameters.Add(p => p.Problem, null));

        Assert.Empty(view.Markup.Trim());
    }
}
