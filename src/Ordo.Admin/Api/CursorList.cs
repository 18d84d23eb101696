namespace Ordo.Admin.Api;

/// <summary>
/// A cursor-paginated list as the screen shows it: the first page, then "load more" appending the next one with the
/// cursor the API gave. A new filter starts over; an answer to an older filter that arrives late is dropped.
/// </summary>
public sealed class CursorList<T>
{
    private readonly List<T> _items = [];
    private int _generation;

    public IReadOnlyList<T> Items => _items;

    public bool HasMore { get; private set; }

    public bool IsLoading { get; private set; }

    /// <summary>True once the first page arrived (before that the screen shows loading, not "empty").</summary>
    public bool IsLoaded { get; private set; }

    public Problem? Problem { get; private set; }

    private string? NextCursor { get; set; }

    public bool IsEmpty => IsLoaded && _items.Count == 0 && Problem is null;

    public Task ReloadAsync(Func<string?, Task<ApiResult<Page<T>>>> fetch)
    {
        _generation++;
        _items.Clear();
        NextCursor = null;
        HasMore = false;
        IsLoaded = false;
        return FetchAsync(fetch, null);
    }

    public Task LoadMoreAsync(Func<string?, Task<ApiResult<Page<T>>>> fetch) =>
        HasMore && !IsLoading ? FetchAsync(fetch, NextCursor) : Task.CompletedTask;

    private async Task FetchAsync(Func<string?, Task<ApiResult<Page<T>>>> fetch, string? cursor)
    {
        ArgumentNullException.ThrowIfNull(fetch);
        var generation = _generation;
        IsLoading = true;
        Problem = null;
        var result = await fetch(cursor);
        if (generation != _generation)
        {
            return; // a newer reload owns the list now
        }

        IsLoading = false;
        IsLoaded = true;
        if (result.Value is { } page)
        {
            _items.AddRange(page.Data);
            NextCursor = page.NextCursor;
            HasMore = page.HasMore && page.NextCursor is not null;
        }
        else
        {
            Problem = result.Problem;
        }
    }
}
