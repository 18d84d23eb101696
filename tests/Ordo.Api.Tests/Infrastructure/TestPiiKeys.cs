using System.Security.Cryptography;

namespace Ordo.Api.Tests.Infrastructure;

/// <summary>Fresh PII keys per test run: the service requires them outside Development.</summary>
public static class TestPiiKeys
{
    public static IReadOnlyDictionary<string, string> Settings { get; } = new Dictionary<string, string>
    {
        ["Pii:ActiveKeyId"] = "test-1",
        ["Pii:Keys:test-1"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
        ["Pii:BlindIndexKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
    };

    public static IEnumerable<KeyValuePair<string, string>> EnvironmentVariables =>
        Settings.Select(pair => KeyValuePair.Create(pair.Key.Replace(":", "__", StringComparison.Ordinal), pair.Value));
}
