namespace Ordo.Domain.Common;

/// <summary>The error catalogue of the value objects every area shares: text, money, currencies, metadata.</summary>
public static class CommonErrors
{
    /// <summary>A family: one code per field, <c>invalid_</c> plus the field's snake_case name.</summary>
    public static readonly ErrorCode Invalid = new(
        "invalid_*", ErrorKind.Validation, "One field is invalid (`invalid_` plus the field's snake_case name, e.g. `invalid_currency`); `field` names it and `errors` maps its JSON path to the message.");

    /// <summary>The member of a family (a code ending in <c>*</c>) for <paramref name="name"/>.</summary>
    public static ErrorCode Member(this ErrorCode family, string name)
    {
        ArgumentNullException.ThrowIfNull(family);
        if (!family.Code.EndsWith('*'))
        {
            throw new ArgumentException($"'{family.Code}' is no family of codes.", nameof(family));
        }

        return family with { Code = family.Code[..^1] + name };
    }
}
