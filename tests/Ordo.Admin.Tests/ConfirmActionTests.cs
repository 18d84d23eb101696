using Bunit;
using Microsoft.AspNetCore.Components;
using Ordo.Admin.Components;

namespace Ordo.Admin.Tests;

/// <summary>A change asked twice in place, with focus kept where a keyboard user expects it.</summary>
public sealed class ConfirmActionTests : BunitContext
{
    private IRenderedComponent<ConfirmAction> Render(Func<Task> onConfirm, bool busy = false) =>
        Render<ConfirmAction>(parameters => parameters
            .Add(p => p.AskLabel, "Archive product…")
            .Add(p => p.Question, "Archive Blue mug? It can no longer be ordered.")
            .Add(p => p.ConfirmLabel, "Yes, archive it")
            .Add(p => p.Busy, busy)
            .Add(p => p.OnConfirm, onConfirm));

    [Fact]
    public void Asking_puts_the_question_moves_focus_to_the_safe_answer_and_keeping_it_brings_focus_back()
    {
        var confirmed = 0;
        var confirm = Render(() => { confirmed++; return Task.CompletedTask; });

        confirm.Find("button").Click();

        var question = confirm.Find(".question");
        Assert.Equal("Archive Blue mug? It can no longer be ordered.", question.TextContent);
        var keep = confirm.FindAll("button").Single(b => b.TextContent == "Keep it");
        Assert.Equal(question.Id, keep.GetAttribute("aria-describedby"));
        Assert.Equal(ReferenceOf(keep), Assert.IsType<ElementReference>(JSInterop.VerifyFocusAsyncInvoke().Arguments[0]).Id);

        keep.Click();

        var ask = confirm.Find("button");
        Assert.Equal("Archive product…", ask.TextContent);
        Assert.Empty(confirm.FindAll(".question"));
        Assert.Equal(ReferenceOf(ask), Assert.IsType<ElementReference>(JSInterop.VerifyFocusAsyncInvoke(calledTimes: 2)[1].Arguments[0]).Id);
        Assert.Equal(0, confirmed);
    }

    private static string ReferenceOf(AngleSharp.Dom.IElement button)
    {
        var id = button.GetAttribute("blazor:elementReference");
        Assert.False(string.IsNullOrEmpty(id), button.OuterHtml);
        return id;
    }

    [Fact]
    public void Yes_does_the_change_once_and_closes_the_question()
    {
        var confirmed = 0;
        var confirm = Render(() => { confirmed++; return Task.CompletedTask; });

        confirm.Find("button").Click();
        confirm.FindAll("button").Single(b => b.TextContent == "Yes, archive it").Click();

        Assert.Equal(1, confirmed);
        Assert.Empty(confirm.FindAll(".question"));
        var ask = confirm.Find("button");
        Assert.Equal("Archive product…", ask.TextContent);
        Assert.Equal(ReferenceOf(ask), Assert.IsType<ElementReference>(JSInterop.VerifyFocusAsyncInvoke(calledTimes: 2)[1].Arguments[0]).Id);
    }

    [Fact]
    public void Another_change_of_the_screen_closes_an_open_question()
    {
        var confirm = Render(() => Task.CompletedTask);
        confirm.Find("button").Click();

        confirm.Render(parameters => parameters.Add(p => p.Busy, true));

        Assert.Empty(confirm.FindAll(".question"));
        Assert.True(confirm.Find("button").HasAttribute("disabled"));
    }

    [Fact]
    public void While_the_screen_is_busy_nothing_can_be_asked()
    {
        var confirm = Render(() => Task.CompletedTask, busy: true);

        Assert.True(confirm.Find("button").HasAttribute("disabled"));
    }
}
