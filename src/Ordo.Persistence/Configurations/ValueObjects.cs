using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Ordo.Domain.Common;
using DomainSku = Ordo.Domain.Products.Sku;

namespace Ordo.Persistence.Configurations;

internal static class ValueObjects
{
    public static readonly ValueConverter<DomainSku, string> Sku =
        new(sku => sku.Value, stored => DomainSku.Create(stored).Value);

    public static readonly ValueConverter<IReadOnlyDictionary<string, string>, string> StringMap = new(
        map => JsonSerializer.Serialize(map, JsonSerializerOptions.Default),
        stored => JsonSerializer.Deserialize<Dictionary<string, string>>(stored, JsonSerializerOptions.Default)!);

    public static readonly ValueComparer<IReadOnlyDictionary<string, string>> StringMapComparer = new(
        (left, right) => left!.Count == right!.Count && left.All(pair => right.Contains(pair)),
        map => map.Aggregate(0, (hash, pair) => HashCode.Combine(hash, pair.Key, pair.Value)));

    /// <summary>An integrator's metadata: a JSON object in one column, <c>{}</c> when empty.</summary>
    public static void Metadata(PropertyBuilder<IReadOnlyDictionary<string, string>> metadata) =>
        metadata.HasColumnName("metadata").HasConversion(StringMap, StringMapComparer).HasDefaultValueSql("'{}'").IsRequired();

    /// <summary>Money as two columns, <c>{name}_amount</c> (minor units) and <c>{name}_currency</c>.</summary>
    public static void Money(ComplexPropertyBuilder<Money> money)
    {
        money.Property(m => m.Amount);
        money.Property(m => m.Currency).HasMaxLength(3);
    }
}
