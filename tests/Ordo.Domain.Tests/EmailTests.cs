using System.Globalization;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Ordo.Domain.Customers;
using static Ordo.Domain.Tests.TestData;

namespace Ordo.Domain.Tests;

public class EmailTests
{
    // Letters typed in either composition, plus characters an address must never carry.
    private static readonly string[] Visible = ["a", "b", "z", "0", "9", ".", "-", "_", "+", "é", "e\u0301", "É", "E\u0301", "ü", "u\u0308", "ñ", "n\u0303", "ø", "Å", "A\u030A", "\u212B", "ß", "ж", "Ω"];
    private static readonly string[] Forbidden = ["\0", "\u0007", "\u007F", "\u0085", "\u200B", "\u200C", "\u200D", "\u200E", "\u202E", "\u2066", "\u00AD", "\uFEFF", "\u2028", "\u2029", "\u00A0", "\u3000", " ", "\uE000", "\uD800", "\uDC00"];

    private static readonly UnicodeCategory[] Refused =
    [
        UnicodeCategory.Control, UnicodeCategory.Format, UnicodeCategory.Surrogate, UnicodeCategory.PrivateUse, UnicodeCategory.OtherNotAssigned,
        UnicodeCategory.SpaceSeparator, UnicodeCategory.LineSeparator, UnicodeCategory.ParagraphSeparator,
    ];

    [Theory]
    [InlineData("ada\0@example.com")]
    [InlineData("ada\u200B@example.com")] // zero-width space
    [InlineData("\u200Bada@example.com")]
    [InlineData("ada@example.com\u200B")]
    [InlineData("ada\u200D@example.com")] // zero-width joiner
    [InlineData("ada@\u202Emoc.elpmaxe")] // right-to-left override
    [InlineData("ada@exa\u2066mple.com")] // left-to-right isolate
    [InlineData("\uFEFFada@example.com")] // byte-order mark
    [InlineData("ad\u00ADa@example.com")] // soft hyphen
    [InlineData("ada\u00A0b@example.com")] // no-break space inside
    [InlineData("ada\u2028@example.com")] // line separator
    [InlineData("ada\uE000@example.com")] // private use
    [InlineData("ada\u0378@example.com")] // unassigned
    [InlineData("ada\u0007@example.com")] // bell
    public void Control_invisible_and_unassigned_characters_are_refused(string email)
    {
        var error = Failed(Email.Create(email));

        Assert.Equal("invalid_email", error.Code);
        Assert.Equal("email", error.Details["field"]);
    }

    [Fact]
    public void A_lone_surrogate_is_refused()
    {
        // Built at run time: an attribute argument can't hold malformed UTF-16.
        var email = "ada" + (char)0xD800 + "@example.com";

        Assert.Equal("invalid_email", Failed(Email.Create(email)).Code);
    }

    [Fact]
    public void Composed_and_decomposed_spellings_are_one_address_stored_composed()
    {
        var composed = Ok(Email.Create("José.Müller@Exämple.com"));
        var decomposed = Ok(Email.Create("  José.Müller@Exämple.com ".Normalize(NormalizationForm.FormD)));

        Assert.Equal(composed, decomposed);
        Assert.Equal("josé.müller@exämple.com", composed.Value);
        Assert.True(composed.Value.IsNormalized(NormalizationForm.FormC));
    }

    [Property]
    public Property The_normalised_address_is_trimmed_composed_free_of_refused_characters_and_stable()
    {
        var text = Gen.ListOf(Gen.Elements([.. Visible, .. Forbidden])).Select(parts => string.Concat(parts));
        var padding = Gen.Elements("", " ", "\t", "\u00A0", "\u3000 ");
        var addresses = Gen.Zip(Gen.Zip(padding, text), Gen.Zip(text, padding))
            .Select(p => $"{p.Item1.Item1}{p.Item1.Item2}@{p.Item2.Item1}.test{p.Item2.Item2}");
        return Prop.ForAll(addresses.ToArbitrary(), address =>
        {
            var email = Email.Create(address);
            if (email.IsFailure)
            {
                return email.Error.Code == "invalid_email";
            }

            var value = email.Value.Value;
            return value == value.Trim()
                && value.IsNormalized(NormalizationForm.FormC)
                && string.Equals(value, value.ToLowerInvariant(), StringComparison.Ordinal)
                && !HasRefused(value)
                && Email.Create(value).Value == email.Value;
        });
    }

    [Property]
    public Property Composition_never_tells_two_addresses_apart()
    {
        var text = Gen.ListOf(Gen.Elements(Visible)).Select(parts => string.Concat(parts));
        return Prop.ForAll(Gen.Zip(text, text).Select(p => $"{p.Item1}@{p.Item2}.test").ToArbitrary(), address =>
        {
            var composed = Email.Create(address.Normalize(NormalizationForm.FormC));
            var decomposed = Email.Create(address.Normalize(NormalizationForm.FormD));
            return composed.IsSuccess == decomposed.IsSuccess && (composed.IsFailure || composed.Value == decomposed.Value);
        });
    }

    [Property]
    public Property A_refused_character_anywhere_inside_refuses_the_address()
    {
        var local = Gen.NonEmptyListOf(Gen.Elements("a", "b", "é", "e\u0301", "ж", "9")).Select(parts => string.Concat(parts));
        return Prop.ForAll(Gen.Zip(local, Gen.Zip(Gen.Elements(Forbidden), Gen.Choose(0, 1000))).ToArbitrary(), input =>
        {
            var (name, (refused, at)) = input;
            var position = 1 + (at % name.Length); // inside: leading and trailing spaces are trimmed, not refused
            var address = name.Insert(Math.Min(position, name.Length), refused) + "@example.com";
            return Email.Create(address).IsFailure;
        });
    }

    private static bool HasRefused(string value)
    {
        for (var i = 0; i < value.Length; i += char.IsSurrogatePair(value, i) ? 2 : 1)
        {
            if (Refused.Contains(CharUnicodeInfo.GetUnicodeCategory(value, i)))
            {
                return true;
            }
        }

        return false;
    }
}
