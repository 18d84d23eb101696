using System.Text.Json;

namespace Ordo.Domain.Common;

/// <summary>The snake_case words states and actions are known by everywhere outside C# (<c>partially_refunded</c>).</summary>
public static class StateNames
{
    public static string Of<TEnum>(TEnum value)
        where TEnum : struct, Enum => JsonNamingPolicy.SnakeCaseLower.ConvertName(value.ToString());
}
