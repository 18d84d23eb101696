using System.Text.Json;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Ordo.Persistence;

/// <summary>Stores enums as the same snake_case words the API uses (<c>partially_refunded</c>), readable in SQL.</summary>
public sealed class SnakeCaseEnumConverter<TEnum>() : ValueConverter<TEnum, string>(
    value => JsonNamingPolicy.SnakeCaseLower.ConvertName(value.ToString()),
    stored => StoredEnums.Parse<TEnum>(stored))
    where TEnum : struct, Enum;

public static class StoredEnums
{
    /// <summary>The enum value a stored snake_case word stands for (also for reads that bypass the model).</summary>
    public static TEnum Parse<TEnum>(string stored)
        where TEnum : struct, Enum
    {
        ArgumentNullException.ThrowIfNull(stored);
        return Enum.Parse<TEnum>(stored.Replace("_", "", StringComparison.Ordinal), true);
    }
}
