using System.Diagnostics.CodeAnalysis;

namespace Ordo.Domain.Common;

/// <summary>The outcome of an operation that can fail in an expected way.</summary>
public class Result
{
    private static readonly Result SuccessResult = new(null);

    private protected Result(DomainError? error) => Error = error;

    public DomainError? Error { get; }

    [MemberNotNullWhen(false, nameof(Error))]
    public bool IsSuccess => Error is null;

    [MemberNotNullWhen(true, nameof(Error))]
    public bool IsFailure => Error is not null;

    public static Result Success() => SuccessResult;

    public static Result<T> Success<T>(T value) => new(value);

    public static Result Failure(DomainError error) => new(error ?? throw new ArgumentNullException(nameof(error)));

    public static implicit operator Result(DomainError error) => Failure(error);
}

/// <summary>The outcome of an operation that yields a value unless it fails in an expected way.</summary>
public sealed class Result<T> : Result
{
    private readonly T _value;

    internal Result(T value) : base(null) => _value = value;

    private Result(DomainError error) : base(error) => _value = default!;

    /// <summary>The value; reading it from a failed result is a bug, so it throws.</summary>
    public T Value => IsSuccess
        ? _value
        : throw new InvalidOperationException($"The operation failed with '{Error.Code}' and has no value.");

    public static implicit operator Result<T>(T value) => new(value);

    public static implicit operator Result<T>(DomainError error) =>
        new(error ?? throw new ArgumentNullException(nameof(error)));
}
