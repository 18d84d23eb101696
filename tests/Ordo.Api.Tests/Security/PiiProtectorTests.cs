using System.Buffers.Text;
using System.Security.Cryptography;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Ordo.Api.Infrastructure.Security;

namespace Ordo.Api.Tests.Security;

public sealed class PiiProtectorTests
{
    private const string Email = "ada.lovelace@example.com";

    private static readonly string KeyA = NewKey();
    private static readonly string KeyB = NewKey();
    private static readonly string IndexKey = NewKey();

    [Fact]
    public void Protected_values_round_trip()
    {
        var protector = Protector(new() { ["2025-01"] = KeyA }, "2025-01");

        foreach (var value in new[] { Email, "+44 20 7946 0958", "Flat 2, 10 Rue de l'Église, 75001 Paris", "" })
        {
            Assert.Equal(value, protector.Unprotect(protector.Protect(value)));
        }
    }

    [Fact]
    public void Protected_values_name_the_active_key_and_hold_no_plaintext()
    {
        var protector = Protector(new() { ["2025-01"] = KeyA }, "2025-01");

        var protectedValue = protector.Protect(Email);

        Assert.StartsWith("2025-01:", protectedValue, StringComparison.Ordinal);
        Assert.DoesNotContain("lovelace", protectedValue, StringComparison.OrdinalIgnoreCase);
        var (_, sealedMessage) = Split(protectedValue);
        Assert.Equal(-1, sealedMessage.AsSpan().IndexOf("lovelace"u8));
    }

    [Fact]
    public void The_same_value_encrypts_differently_every_time()
    {
        var protector = Protector(new() { ["k1"] = KeyA }, "k1");

        var values = Enumerable.Range(0, 20).Select(_ => protector.Protect(Email)).ToList();

        Assert.Equal(values.Count, values.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void Values_encrypted_with_a_retired_key_still_decrypt_after_rotation()
    {
        var beforeRotation = Protector(new() { ["old"] = KeyA }, "old");
        var storedBeforeRotation = beforeRotation.Protect(Email);

        var afterRotation = Protector(new() { ["old"] = KeyA, ["new"] = KeyB }, "new");

        Assert.Equal(Email, afterRotation.Unprotect(storedBeforeRotation));
        Assert.StartsWith("new:", afterRotation.Protect(Email), StringComparison.Ordinal);
    }

    [Fact]
    public void A_value_whose_key_was_removed_from_configuration_is_refused()
    {
        var stored = Protector(new() { ["old"] = KeyA }, "old").Protect(Email);
        var withoutOldKey = Protector(new() { ["new"] = KeyB }, "new");

        var refusal = Assert.ThrowsAny<CryptographicException>(() => withoutOldKey.Unprotect(stored));
        Assert.Contains("'old'", refusal.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)] // nonce
    [InlineData(15)] // ciphertext
    [InlineData(-1)] // tag
    public void A_tampered_byte_anywhere_in_the_sealed_message_is_detected(int position)
    {
        var protector = Protector(new() { ["k1"] = KeyA }, "k1");
        var (keyId, sealedMessage) = Split(protector.Protect(Email));
        sealedMessage[position < 0 ? sealedMessage.Length + position : position] ^= 0x01;

        var tampered = keyId + ":" + Base64Url.EncodeToString(sealedMessage);

        Assert.ThrowsAny<CryptographicException>(() => protector.Unprotect(tampered));
    }

    [Fact]
    public void A_value_relabelled_with_another_key_id_is_detected_even_when_that_key_is_the_same()
    {
        // Both ids hold the same key: only the key id, bound as associated data, tells them apart.
        var protector = Protector(new() { ["k1"] = KeyA, ["k2"] = KeyA }, "k1");
        var (_, sealedMessage) = Split(protector.Protect(Email));

        var relabelled = "k2:" + Base64Url.EncodeToString(sealedMessage);

        Assert.ThrowsAny<CryptographicException>(() => protector.Unprotect(relabelled));
    }

    [Theory]
    [InlineData("")]
    [InlineData("no-separator")]
    [InlineData(":AAAA")]
    [InlineData("k1:not base64url!")]
    [InlineData("k1:AAAA")]
    [InlineData("ada.lovelace@example.com")]
    public void Malformed_protected_values_are_refused(string protectedValue)
    {
        var protector = Protector(new() { ["k1"] = KeyA }, "k1");

        Assert.ThrowsAny<CryptographicException>(() => protector.Unprotect(protectedValue));
    }

    [Fact]
    public void The_blind_index_is_deterministic_and_holds_no_plaintext()
    {
        var protector = Protector(new() { ["k1"] = KeyA }, "k1");

        var index = protector.BlindIndex(Email);

        Assert.Equal(index, protector.BlindIndex(Email));
        Assert.Matches("^[0-9a-f]{64}$", index);
    }

    [Fact]
    public void The_blind_index_ignores_the_encryption_key_so_rotation_keeps_lookups_working()
    {
        var before = Protector(new() { ["old"] = KeyA }, "old");
        var after = Protector(new() { ["old"] = KeyA, ["new"] = KeyB }, "new");

        Assert.Equal(before.BlindIndex(Email), after.BlindIndex(Email));
    }

    [Fact]
    public void The_blind_index_differs_for_different_values_and_different_index_keys()
    {
        var protector = Protector(new() { ["k1"] = KeyA }, "k1");
        var otherIndexKey = Protector(new() { ["k1"] = KeyA }, "k1", blindIndexKey: NewKey());

        Assert.NotEqual(protector.BlindIndex(Email), protector.BlindIndex("grace.hopper@example.com"));
        Assert.NotEqual(protector.BlindIndex(Email), otherIndexKey.BlindIndex(Email));
    }

    [Fact]
    public void Valid_settings_pass_validation()
    {
        var result = Validate(Settings(new() { ["2025-01"] = KeyA, ["2024-07"] = KeyB }, "2025-01"));

        Assert.True(result.Succeeded, result.FailureMessage);
    }

    [Fact]
    public void Development_only_keys_are_accepted_so_that_the_start_up_guard_can_refuse_them_outside_Development()
    {
        var options = Settings(new() { ["dev"] = "DEVELOPMENT-ONLY:" + KeyA }, "dev", blindIndexKey: "DEVELOPMENT-ONLY:" + IndexKey);

        Assert.True(Validate(options).Succeeded, Validate(options).FailureMessage);
        var protector = new PiiProtector(Options.Create(options));
        Assert.Equal(Email, protector.Unprotect(protector.Protect(Email)));
        Assert.Equal(Protector(new() { ["dev"] = KeyA }, "dev").BlindIndex(Email), protector.BlindIndex(Email));
    }

    [Fact]
    public void Missing_settings_are_each_named()
    {
        var result = Validate(new PiiProtectionOptions());

        Assert.Contains(result.Failures!, failure => failure.StartsWith("Pii:Keys is required", StringComparison.Ordinal));
        Assert.Contains("Pii:ActiveKeyId is required.", result.Failures!);
        Assert.Contains("Pii:BlindIndexKey is required.", result.Failures!);
    }

    [Theory]
    [InlineData("not-base64!")]
    [InlineData("c2hvcnQ=")] // 5 bytes
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")] // 42 bytes
    [InlineData("")]
    public void A_key_that_is_not_32_bytes_of_base64_is_named_without_revealing_it(string value)
    {
        var result = Validate(Settings(new() { ["k1"] = value }, "k1"));

        var failure = Assert.Single(result.Failures!);
        Assert.Equal("Pii:Keys:k1 must be a base64-encoded 32-byte key.", failure);
    }

    [Theory]
    [InlineData("key_1")]
    [InlineData("k.1")]
    [InlineData("an-id-longer-than-16")]
    public void Key_ids_are_short_names_of_letters_digits_and_dashes(string keyId)
    {
        var result = Validate(Settings(new() { [keyId] = KeyA, ["k1"] = KeyB }, "k1"));

        Assert.Equal($"Pii:Keys:{keyId} is not a valid key id; use 1 to 16 letters, digits or '-'.", Assert.Single(result.Failures!));
    }

    [Fact]
    public void An_active_key_id_that_names_no_key_is_refused()
    {
        var result = Validate(Settings(new() { ["k1"] = KeyA }, "k2"));

        Assert.Equal("Pii:ActiveKeyId 'k2' names no key in Pii:Keys.", Assert.Single(result.Failures!));
    }

    [Theory]
    [InlineData("not-base64!")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA==")] // 31 bytes
    public void A_blind_index_key_shorter_than_32_bytes_is_named_without_revealing_it(string value)
    {
        var result = Validate(Settings(new() { ["k1"] = KeyA }, "k1", blindIndexKey: value));

        Assert.Equal("Pii:BlindIndexKey must be a base64-encoded key of at least 32 bytes.", Assert.Single(result.Failures!));
    }

    [Fact]
    public void The_blind_index_key_may_not_reuse_an_encryption_key()
    {
        var result = Validate(Settings(new() { ["k1"] = KeyA }, "k1", blindIndexKey: KeyA));

        var failure = Assert.Single(result.Failures!);
        Assert.Equal("Pii:BlindIndexKey must differ from every key in Pii:Keys.", failure);
        Assert.DoesNotContain(KeyA, failure, StringComparison.Ordinal);
    }

    [Fact]
    public void The_Pii_section_is_bound_validated_and_feeds_a_shared_protector()
    {
        using var services = Services(new Dictionary<string, string?>
        {
            ["Pii:Keys:2024-07"] = KeyA,
            ["Pii:Keys:2025-01"] = KeyB,
            ["Pii:ActiveKeyId"] = "2025-01",
            ["Pii:BlindIndexKey"] = IndexKey,
        });

        var protector = services.GetRequiredService<PiiProtector>();

        Assert.Same(protector, services.GetRequiredService<PiiProtector>());
        Assert.StartsWith("2025-01:", protector.Protect(Email), StringComparison.Ordinal);
        Assert.Equal(Email, protector.Unprotect(Protector(new() { ["2024-07"] = KeyA }, "2024-07").Protect(Email)));
    }

    [Fact]
    public void Without_the_Pii_section_the_protector_cannot_be_created()
    {
        using var services = Services([]);

        var failure = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<PiiProtector>());
        Assert.Contains("Pii:ActiveKeyId is required.", failure.Failures);
    }

    private static string NewKey() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    private static PiiProtectionOptions Settings(Dictionary<string, string> keys, string activeKeyId, string? blindIndexKey = null) =>
        new() { Keys = keys, ActiveKeyId = activeKeyId, BlindIndexKey = blindIndexKey ?? IndexKey };

    private static PiiProtector Protector(Dictionary<string, string> keys, string activeKeyId, string? blindIndexKey = null) =>
        new(Options.Create(Settings(keys, activeKeyId, blindIndexKey)));

    private static ValidateOptionsResult Validate(PiiProtectionOptions options) =>
        new PiiProtectionOptionsValidator().Validate(name: null, options);

    private static ServiceProvider Services(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddOrdoPiiProtection()
            .BuildServiceProvider();
    }

    private static (string KeyId, byte[] SealedMessage) Split(string protectedValue)
    {
        var separator = protectedValue.IndexOf(':', StringComparison.Ordinal);
        return (protectedValue[..separator], Base64Url.DecodeFromChars(protectedValue.AsSpan(separator + 1)));
    }
}
