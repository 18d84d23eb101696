namespace Ordo.Admin.Api;

/// <summary>What a call gave back: the value (with the resource's ETag) or the problem.</summary>
public sealed record ApiResult<T>(T? Value, Problem? Problem, string? ETag = null)
{
    public bool Succeeded => Problem is null;
}
