using Microsoft.Extensions.Compliance.Classification;

namespace Ordo.Api.Infrastructure.Logging;

/// <summary>
/// What a logged value is, for redaction (<see cref="LoggingRegistration"/>): a log parameter that could carry one of
/// these is marked with its attribute, and the logger replaces it before any provider sees the record.
/// </summary>
public static class DataClassifications
{
    public const string TaxonomyName = "Ordo";

    /// <summary>Personal data: emails, names, phone numbers, postal addresses, client IP addresses.</summary>
    public static DataClassification Personal { get; } = new(TaxonomyName, nameof(Personal));

    /// <summary>Secrets: passwords, tokens, keys, codes.</summary>
    public static DataClassification Secret { get; } = new(TaxonomyName, nameof(Secret));
}

/// <summary>Marks a log parameter as personal data (redacted in every log).</summary>
[AttributeUsage(AttributeTargets.Parameter | AttributeTargets.Property | AttributeTargets.Field)]
public sealed class PersonalDataAttribute() : DataClassificationAttribute(DataClassifications.Personal);

/// <summary>Marks a log parameter as a secret (redacted in every log).</summary>
[AttributeUsage(AttributeTargets.Parameter | AttributeTargets.Property | AttributeTargets.Field)]
public sealed class SecretDataAttribute() : DataClassificationAttribute(DataClassifications.Secret);
