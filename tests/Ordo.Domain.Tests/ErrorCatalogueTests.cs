using System.Reflection;
using Ordo.Domain.Common;

namespace Ordo.Domain.Tests;

/// <summary>
/// The domain's error catalogue (every <see cref="ErrorCode"/> field): the codes are the API's contract, so each is
/// snake_case, used once, declared by a field named after it, and explained in a sentence (the API's error catalogue in
/// docs/api.md is generated from these).
/// </summary>
public class ErrorCatalogueTests
{
    private static List<(FieldInfo Field, ErrorCode Error)> Catalogue() =>
        [.. typeof(ErrorCode).Assembly.GetTypes()
            .SelectMany(type => type.GetFields(BindingFlags.Public | BindingFlags.Static))
            .Where(field => field.FieldType == typeof(ErrorCode))
            .Select(field => (field, (ErrorCode)field.GetValue(null)!))];

    [Fact]
    public void Every_error_code_is_snake_case_used_once_named_by_its_field_and_explained_in_a_sentence()
    {
        var catalogue = Catalogue();

        Assert.True(catalogue.Count >= 25, $"Only {catalogue.Count} error codes found: the reflection missed the catalogue.");
        Assert.All(catalogue, entry =>
        {
            var (field, error) = entry;
            Assert.Matches("^[a-z]+(_[a-z]+)*(_\\*)?$", error.Code);
            Assert.True(error.Meaning.Length >= 30 && error.Meaning.EndsWith('.'), $"{field.DeclaringType!.Name}.{field.Name}: '{error.Meaning}'");
            if (!error.Code.EndsWith('*'))
            {
                // A family (invalid_*) is named for what it is; every other code by its own name, with the Code suffix.
                Assert.Equal(string.Concat(error.Code.Split('_').Select(word => char.ToUpperInvariant(word[0]) + word[1..])) + "Code", field.Name);
            }
        });
        Assert.Empty(catalogue.GroupBy(entry => entry.Error.Code).Where(group => group.Count() > 1).Select(group => group.Key));
    }
}
