using Ordo.Admin.Api;

namespace Ordo.Admin.Tests;

public sealed class CursorListTests
{
    private static Task<ApiResult<Page<int>>> Answer(IReadOnlyList<int> data, string? next) =>
        Task.FromResult(new ApiResult<Page<int>>(new Page<int>(data, next, next is not null), null));

    [Fact]
    public async Task Load_more_appends_the_next_page_fetched_with_the_cursor_of_the_last_one()
    {
        var list = new CursorList<int>();
        var cursors = new List<string?>();
        Task<ApiResult<Page<int>>> Fetch(string? cursor)
        {
            cursors.Add(cursor);
            return cursor is null ? Answer([1, 2], "c1") : Answer([3], null);
        }

        await list.ReloadAsync(Fetch);
        Assert.True(list.HasMore);
        await list.LoadMoreAsync(Fetch);
        await list.LoadMoreAsync(Fetch); // nothing more: no request

        Assert.Equal([1, 2, 3], list.Items);
        Assert.False(list.HasMore);
        Assert.Equal([null, "c1"], cursors);
    }

    [Fact]
    public async Task A_list_is_loading_until_its_first_page_arrives_and_then_empty_only_if_it_has_no_rows()
    {
        var list = new CursorList<int>();
        var answer = new TaskCompletionSource<ApiResult<Page<int>>>();

        var loading = list.ReloadAsync(_ => answer.Task);
        Assert.False(list.IsLoaded);
        Assert.False(list.IsEmpty);
        answer.SetResult(new ApiResult<Page<int>>(new Page<int>([], null, false), null));
        await loading;

        Assert.True(list.IsEmpty);
    }

    [Fact]
    public async Task An_answer_for_an_older_filter_that_arrives_late_is_dropped()
    {
        var list = new CursorList<int>();
        var old = new TaskCompletionSource<ApiResult<Page<int>>>();
        var first = list.ReloadAsync(_ => old.Task);
        await list.ReloadAsync(_ => Answer([7], null));

        old.SetResult(new ApiResult<Page<int>>(new Page<int>([1, 2, 3], "c", true), null));
        await first;

        Assert.Equal([7], list.Items);
        Assert.False(list.HasMore);
    }

    [Fact]
    public async Task A_failed_page_keeps_the_rows_already_shown_and_holds_the_problem()
    {
        var list = new CursorList<int>();
        await list.ReloadAsync(_ => Answer([1], "c1"));

        await list.LoadMoreAsync(_ => Task.FromResult(new ApiResult<Page<int>>(null, new Problem { Status = 429, Code = "rate_limited" })));

        Assert.Equal([1], list.Items);
        Assert.Equal("rate_limited", list.Problem?.Code);
        Assert.False(list.IsEmpty);
    }
}
