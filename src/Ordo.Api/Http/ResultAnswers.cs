using Microsoft.AspNetCore.Http.HttpResults;
using Ordo.Domain.Common;

namespace Ordo.Api.Http;

/// <summary>
/// Turns the outcome of a use case into an HTTP answer: the endpoint's success (built from the value only when the use
/// case succeeded), or the problem its error maps to. Use cases return results so that every transport calls them.
/// </summary>
public static class ResultAnswers
{
    public static Results<TSuccess, ProblemHttpResult> ToHttp<T, TSuccess>(this Result<T> result, Func<T, TSuccess> success)
        where TSuccess : IResult
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(success);
        return result.IsSuccess ? success(result.Value) : result.Error.ToProblem();
    }

    public static Results<TSuccess, ProblemHttpResult> ToHttp<TSuccess>(this Result result, Func<TSuccess> success)
        where TSuccess : IResult
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(success);
        return result.IsSuccess ? success() : result.Error.ToProblem();
    }
}
