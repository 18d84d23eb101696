using System.Text.Json;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Ordo.Persistence;

/// <summary>Stores enums as the same snake_case words the API uses (<c>partially_refunded</c>), readable in SQL.</summary>
public sealed class SnakeCaseEnumConverter<TEnum>() : ValueConverter<TEnum, string>(
    value => JsonNamingPolicy.SnakeCaseLower.ConvertName(value.ToString()),
    stored => Enum.Parse<TEnum>(stored.Replace("_", "", StringComparison.Ordinal), true))
    where TEnum : struct, Enum;
