using Ordo.Domain.Customers;
using static Ordo.Domain.Tests.TestData;

namespace Ordo.Domain.Tests;

public class CustomerTests
{
    [Fact]
    public void Email_addresses_are_trimmed_and_lower_cased()
    {
        Assert.Equal("ada@example.com", Ok(Email.Create("  Ada@Example.COM ")).Value);
    }

    [Theory]
    [InlineData("")]
    [InlineData("ada")]
    [InlineData("ada@example")]
    [InlineData("a da@example.com")]
    [InlineData("ada@@example.com")]
    public void Malformed_email_addresses_are_rejected(string email)
    {
        Assert.Equal("invalid_email", Failed(Email.Create(email)).Code);
    }

    [Fact]
    public void Names_are_stored_composed_and_malformed_text_is_refused_not_thrown()
    {
        var email = Ok(Email.Create("ada@example.com"));

        var customer = Ok(Customer.Create(" Zoe\u0308 Ae\u0301 ", email, null, [], Now));
        var malformed = Failed(Customer.Create("Ada" + (char)0xD800, email, null, [], Now));
        var malformedLine = Failed(Address.Create("1 Main St", "Flat " + (char)0xDC00, "Dublin", "D01", null, "IE"));

        Assert.Equal("Zo\u00EB A\u00E9", customer.Name);
        Assert.Equal("invalid_name", malformed.Code);
        Assert.Equal("invalid_line2", malformedLine.Code);
    }

    [Fact]
    public void Addresses_normalise_the_country_code_and_drop_blank_optional_lines()
    {
        var address = Ok(Address.Create(" 1 Main St ", " ", "Dublin", "D01 F5P2", null, "ie"));

        Assert.Equal(("1 Main St", null, "IE"), (address.Line1, address.Line2, address.CountryCode));
    }

    [Theory]
    [InlineData("", "Dublin", "D01", "IE", "invalid_line1")]
    [InlineData("1 Main St", "", "D01", "IE", "invalid_city")]
    [InlineData("1 Main St", "Dublin", "", "IE", "invalid_postal_code")]
    [InlineData("1 Main St", "Dublin", "D01", "IRL", "invalid_country_code")]
    public void Incomplete_addresses_are_rejected(string line1, string city, string postalCode, string country, string code)
    {
        Assert.Equal(code, Failed(Address.Create(line1, null, city, postalCode, null, country)).Code);
    }

    [Fact]
    public void Updating_a_customer_replaces_all_contact_details()
    {
        var home = Ok(Address.Create("1 Main St", null, "Dublin", "D01", null, "IE"));
        var work = Ok(Address.Create("2 Dock Rd", "Floor 3", "Cork", "T12", "Munster", "IE"));
        var customer = Ok(Customer.Create("Ada", Ok(Email.Create("ada@example.com")), null, [home], Now));

        Ok(customer.Update("Ada Lovelace", Ok(Email.Create("ada@lovelace.org")), "+353 1 234 5678", [work], Later));

        Assert.Equal("Ada Lovelace", customer.Name);
        Assert.Equal("ada@lovelace.org", customer.Email.Value);
        Assert.Equal("+353 1 234 5678", customer.Phone);
        Assert.Equal([work], customer.Addresses);
        Assert.Equal((Now, Later), (customer.CreatedAt, customer.UpdatedAt));
    }

    [Theory]
    [InlineData("123")]
    [InlineData("call me maybe")]
    [InlineData("+1 555 0100 ext 7")]
    public void Malformed_phone_numbers_are_rejected(string phone)
    {
        var email = Ok(Email.Create("ada@example.com"));

        Assert.Equal("invalid_phone", Failed(Customer.Create("Ada", email, phone, [], Now)).Code);
    }
}
