using System.Collections;
using System.Globalization;
using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Ordo.Api.Infrastructure.Configuration;
using Ordo.Api.Tests.Infrastructure;

namespace Ordo.Api.Tests.Platform;

/// <summary>
/// <c>docs/configuration.md</c> is rendered from the options classes the service binds (found in its service
/// registrations), their defaults, <c>appsettings.json</c> and <c>appsettings.Development.json</c>, and the
/// <c>///</c> summaries on the options' properties, read from the source. Refresh it with <c>ORDO_UPDATE_SNAPSHOTS=1</c>
/// (<c>tools/docs/generate</c>). A bound setting without a summary fails the test, so none goes undocumented.
/// </summary>
public sealed partial class ConfigurationDocumentTests(ConfigurationDocumentTests.CapturingFixture fixture)
    : ProviderTests(fixture), IClassFixture<ConfigurationDocumentTests.CapturingFixture>
{
    private const string DocumentPath = "docs/configuration.md";

    /// <summary>Settings bound to a key outside their options class's section.</summary>
    private static readonly Dictionary<(Type Type, string Property), string> BoundElsewhere = new()
    {
        [(typeof(DatabaseOptions), nameof(DatabaseOptions.ConnectionString))] = "ConnectionStrings:" + DatabaseOptions.ConnectionStringName,
        [(typeof(Ordo.Api.Infrastructure.SharedState.RedisOptions), nameof(Ordo.Api.Infrastructure.SharedState.RedisOptions.ConnectionString))] =
            "ConnectionStrings:" + Ordo.Api.Infrastructure.SharedState.RedisOptions.ConnectionStringName,
    };

    /// <summary>
    /// Settings the code reads without an options class (found by grepping for configuration reads); each names the
    /// literal the test finds in <c>src/</c>, so an entry cannot outlive its code.
    /// </summary>
    private static readonly DirectSetting[] ReadDirectly =
    [
        new("ApiDocs:Enabled", "bool", "`false`; `true` in Development", "Serves the OpenAPI document (`/openapi/v1.json`) and the interactive reference (`/docs`); by default in Development only, so a deployment does not publish its whole surface unless it chooses to.", "\"ApiDocs:Enabled\""),
        new("OpenTelemetry:Otlp:Endpoint", "URI", "unset", "OTLP collector for traces and metrics, e.g. `http://otel-collector:4317` (gRPC; `OTEL_EXPORTER_OTLP_PROTOCOL` chooses HTTP). Nothing is exported, and nothing connects, while neither this nor `OTEL_EXPORTER_OTLP_ENDPOINT` is set.", "\"OpenTelemetry:Otlp:Endpoint\""),
        new("OTEL_EXPORTER_OTLP_ENDPOINT", "URI (environment variable)", "unset", "The standard OpenTelemetry variable, honoured when `OpenTelemetry:Otlp:Endpoint` is not set.", "\"OTEL_EXPORTER_OTLP_ENDPOINT\""),
        new("ASPNETCORE_HTTP_PORTS", "port list (environment variable)", "unset (the .NET container images set `8080`)", "The ports Kestrel listens on (ASP.NET Core's own setting); the `health-probe` command probes `/health/live` on the first of them (8080 when unset).", "\"ASPNETCORE_HTTP_PORTS\""),
        new("ORDO_ADMIN_PASSWORD", "string (environment variable)", "unset", "The password for the `create-admin` command (kept off the command line); read by that command only.", "\"ORDO_ADMIN_PASSWORD\""),
    ];

    /// <summary>Keys of the appsettings files that belong to ASP.NET Core itself, not to an Ordo setting.</summary>
    private static readonly string[] FrameworkKeys = ["Logging:", "AllowedHosts"];

    private static readonly Lazy<Dictionary<string, string>> Sources = new(() =>
        Directory.EnumerateFiles(Path.Combine(RepositoryFiles.Root, "src"), "*.cs", SearchOption.AllDirectories)
            .Where(path => !path.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .ToDictionary(path => path, path => File.ReadAllText(path).ReplaceLineEndings("\n")));

    [Fact]
    public void The_configuration_document_is_rendered_from_the_options_classes()
    {
        var settings = Settings();
        var defaults = AppSettings("appsettings.json");
        var development = AppSettings("appsettings.Development.json");

        RepositoryFiles.AssertMatches(DocumentPath, Render(settings, defaults, development));
    }

    [Fact]
    public void Every_bound_setting_has_a_description_in_its_options_class()
    {
        var undocumented = Settings().Where(setting => string.IsNullOrWhiteSpace(setting.Meaning)).Select(setting => $"{setting.Key} ({setting.Source})").ToList();

        Assert.True(undocumented.Count == 0,
            $"Settings without a /// <summary> on their property: {string.Join(", ", undocumented)}. Describe each where it is declared.");
    }

    [Fact]
    public void Every_key_of_the_appsettings_files_is_a_documented_setting()
    {
        var settings = Settings();
        var keys = AppSettings("appsettings.json").Keys.Concat(AppSettings("appsettings.Development.json").Keys)
            .Where(key => !FrameworkKeys.Any(prefix => key.StartsWith(prefix, StringComparison.Ordinal)));

        Assert.All(keys, key => Assert.True(settings.Any(setting => setting.Matches(key)), $"{key} is in an appsettings file but no options class binds it."));
    }

    [Fact]
    public void Every_setting_read_without_an_options_class_is_still_read_by_the_code()
    {
        var sources = Sources.Value.Values;

        Assert.All(ReadDirectly, setting => Assert.True(sources.Any(source => source.Contains(setting.Literal, StringComparison.Ordinal)),
            $"{setting.Key} is documented as read by the code, but no file under src/ contains {setting.Literal} any more."));
    }

    private IReadOnlyList<Setting> Settings()
    {
        var bound = ((CapturingFixture)Fixture).Services
            .Select(descriptor => descriptor.ServiceType)
            .Where(type => type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IOptionsChangeTokenSource<>))
            .Select(type => type.GetGenericArguments()[0])
            .Where(type => type.Namespace?.StartsWith("Ordo.", StringComparison.Ordinal) == true)
            .Distinct()
            .ToList();
        Assert.True(bound.Count >= 15, $"only {bound.Count} bound options classes found: the lookup is broken");

        var settings = new List<Setting>();
        foreach (var type in bound)
        {
            var section = type.GetField("Section", BindingFlags.Public | BindingFlags.Static)?.GetRawConstantValue() as string;
            Assert.True(section is not null, $"{type.Name} is bound from configuration but has no `public const string Section`; give it one (and bind with it).");
            Walk(type, Activator.CreateInstance(type), section!, settings);
        }

        return [.. settings.OrderBy(setting => setting.Key, StringComparer.OrdinalIgnoreCase)];
    }

    private static void Walk(Type type, object? instance, string prefix, List<Setting> settings)
    {
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).OrderBy(property => property.MetadataToken))
        {
            var value = instance is null ? null : property.GetValue(instance);
            var propertyType = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            var settable = property.SetMethod?.IsPublic == true;
            var collection = IsCollection(propertyType);
            if (!settable && !collection)
            {
                continue; // computed (ProviderKind, IsConfigured, …): not bound
            }

            var key = BoundElsewhere.GetValueOrDefault((type, property.Name)) ?? $"{prefix}:{property.Name}";
            var source = $"{type.Name}.{property.Name}";
            if (DictionaryValueType(propertyType) is { } elementType && !IsLeaf(elementType))
            {
                settings.Add(new Setting(key, $"map of {Describe(elementType)}", Format(value), Summary(type, property.Name), source));
                var sample = (value as IDictionary)?.Values.Cast<object>().FirstOrDefault() ?? Activator.CreateInstance(elementType);
                Walk(elementType, sample, $"{key}:{{key}}", settings);
            }
            else if (IsLeaf(propertyType) || collection)
            {
                settings.Add(new Setting(key, Describe(propertyType), Format(value), Summary(type, property.Name), source));
            }
            else
            {
                Walk(propertyType, value, key, settings);
            }
        }
    }

    private static bool IsLeaf(Type type) =>
        type.IsPrimitive || type.IsEnum || type == typeof(string) || type == typeof(decimal) || type == typeof(TimeSpan) || type == typeof(Uri)
        || type == typeof(DateTimeOffset) || type == typeof(Guid);

    private static bool IsCollection(Type type) => type != typeof(string) && typeof(IEnumerable).IsAssignableFrom(type);

    private static Type? DictionaryValueType(Type type) =>
        type.IsGenericType && type.GetGenericTypeDefinition() == typeof(Dictionary<,>) ? type.GetGenericArguments()[1] : null;

    private static string Describe(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (DictionaryValueType(type) is { } value)
        {
            return $"map of {Describe(value)}";
        }

        if (type.IsArray)
        {
            return $"list of {Describe(type.GetElementType()!)}";
        }

        if (type.IsGenericType && IsCollection(type))
        {
            return $"list of {Describe(type.GetGenericArguments()[0])}";
        }

        return type switch
        {
            _ when type == typeof(string) => "string",
            _ when type == typeof(bool) => "bool",
            _ when type == typeof(int) => "int",
            _ when type == typeof(long) => "long",
            _ when type == typeof(TimeSpan) => "TimeSpan (`d.hh:mm:ss`)",
            _ when type == typeof(Uri) => "URI",
            _ => type.Name,
        };
    }

    private static string Format(object? value) => value switch
    {
        null => "unset",
        bool flag => flag ? "`true`" : "`false`",
        TimeSpan span => $"`{span.ToString("c", CultureInfo.InvariantCulture)}`",
        string text => text.Length == 0 ? "empty" : $"`{text}`",
        IDictionary map => map.Count == 0 ? "empty" : string.Join(", ", map.Keys.Cast<object>().Select(key => $"`{key}`")),
        IEnumerable list => list.Cast<object>().ToList() is { Count: > 0 } items ? string.Join(", ", items.Select(item => $"`{Convert.ToString(item, CultureInfo.InvariantCulture)}`")) : "empty",
        _ => $"`{Convert.ToString(value, CultureInfo.InvariantCulture)}`",
    };

    private static string Render(IReadOnlyList<Setting> settings, Dictionary<string, string> defaults, Dictionary<string, string> development)
    {
        var text = new StringBuilder("""
            # Configuration

            Every setting Ordo reads, generated from the options classes (`src/Ordo.Api`), their defaults, the `///` summaries
            on their properties, `src/Ordo.Api/appsettings.json` and `src/Ordo.Api/appsettings.Development.json`. Do not edit
            by hand: run `tools/docs/generate` (the test `ConfigurationDocumentTests` fails while this file is stale, and when
            a bound setting has no summary). The README keeps the short list of the settings one changes first.

            Settings come from `appsettings*.json`, environment variables (`Section__Key`, e.g. `Database__Provider`) and the
            command line (`--Section:Key=value`). Options are validated at start-up: an invalid setting stops the process with
            exit code 2 and one line naming it. `{key}` stands for a name the operator chooses (a currency code, a key id), and
            the defaults shown under it are those of the entries present by default; a list is written `Key:0`, `Key:1`, …
            (or a JSON array).

            **Default** is what every environment gets (the class's default, or `appsettings.json` where it sets one);
            **Development** is the value `appsettings.Development.json` gives where it differs. A value marked
            `DEVELOPMENT-ONLY` exists only so that `dotnet run` works on a fresh machine: outside Development the service
            refuses to start while any setting still holds one (`src/Ordo.Api/Infrastructure/Configuration/DevelopmentOnlyValues.cs`).

            """);

        foreach (var section in settings.GroupBy(setting => setting.Key.Split(':')[0]).OrderBy(group => group.Key, StringComparer.OrdinalIgnoreCase))
        {
            text.Append(CultureInfo.InvariantCulture, $"\n## {section.Key}\n\n| setting | type | default | Development | meaning |\n|---|---|---|---|---|\n");
            foreach (var setting in section)
            {
                var fileDefault = Value(setting, defaults);
                var developmentValue = Value(setting, development);
                text.Append(CultureInfo.InvariantCulture,
                    $"| `{setting.Key}` | {setting.Type} | {fileDefault ?? setting.Default} | {developmentValue ?? ""} | {Cell(setting.Meaning)} |\n");
            }
        }

        text.Append("\n## Read without an options class\n\n| setting | type | default | meaning |\n|---|---|---|---|\n");
        foreach (var setting in ReadDirectly.OrderBy(setting => setting.Key, StringComparer.Ordinal))
        {
            text.Append(CultureInfo.InvariantCulture, $"| `{setting.Key}` | {setting.Type} | {setting.Default} | {setting.Meaning} |\n");
        }

        text.Append("\n## ASP.NET Core's own settings in the appsettings files\n\n| setting | default | Development |\n|---|---|---|\n");
        var framework = defaults.Keys.Concat(development.Keys)
            .Where(key => FrameworkKeys.Any(prefix => key.StartsWith(prefix, StringComparison.Ordinal)))
            .Distinct().Order(StringComparer.Ordinal);
        foreach (var key in framework)
        {
            text.Append(CultureInfo.InvariantCulture,
                $"| `{key}` | {(defaults.TryGetValue(key, out var value) ? $"`{value}`" : "")} | {(development.TryGetValue(key, out var dev) ? $"`{dev}`" : "")} |\n");
        }

        return text.ToString();
    }

    /// <summary>What an appsettings file sets for the setting (all list items or map entries together), or null.</summary>
    private static string? Value(Setting setting, Dictionary<string, string> file)
    {
        var matches = file.Where(pair => setting.Matches(pair.Key)).OrderBy(pair => pair.Key, StringComparer.Ordinal).ToList();
        if (matches.Count == 0)
        {
            return null;
        }

        if (matches.Any(pair => pair.Value.Contains(DevelopmentOnlyValues.Marker, StringComparison.Ordinal)))
        {
            return "a `DEVELOPMENT-ONLY` value (refused outside Development)";
        }

        if (setting.Type == "bool")
        {
            matches = [.. matches.Select(pair => KeyValuePair.Create(pair.Key, pair.Value.ToLowerInvariant()))];
        }

        var exact = matches.Count == 1 && string.Equals(matches[0].Key, setting.Key, StringComparison.OrdinalIgnoreCase);
        return exact
            ? $"`{matches[0].Value}`"
            : string.Join(", ", matches.Select(pair => setting.Type.StartsWith("map", StringComparison.Ordinal)
                ? $"`{pair.Key[(setting.Key.Length + 1)..]}`: `{pair.Value}`"
                : $"`{pair.Value}`"));
    }

    private static Dictionary<string, string> AppSettings(string file) =>
        new ConfigurationBuilder().AddJsonFile(Path.Combine(RepositoryFiles.Root, "src", "Ordo.Api", file), optional: false).Build()
            .AsEnumerable()
            .Where(pair => pair.Value is not null)
            .ToDictionary(pair => pair.Key, pair => pair.Value!, StringComparer.OrdinalIgnoreCase);

    private static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal);

    /// <summary>The <c>/// &lt;summary&gt;</c> of the property in the type's source, as Markdown; empty when it has none.</summary>
    private static string Summary(Type type, string property)
    {
        var declaration = new Regex($@"^(?:public|internal) (?:sealed |static |partial )*class {Regex.Escape(type.Name)}\b", RegexOptions.Multiline);
        foreach (var source in Sources.Value.Values)
        {
            var start = declaration.Match(source);
            if (!start.Success)
            {
                continue;
            }

            var end = source.IndexOf("\n}", start.Index, StringComparison.Ordinal);
            var body = source[start.Index..(end < 0 ? source.Length : end)];
            var match = new Regex($@"((?:^[ \t]*///[^\n]*\n)+)(?:^[ \t]*\[[^\n]*\]\n)*^[ \t]*public [^\n=]*\b{Regex.Escape(property)} \{{", RegexOptions.Multiline).Match(body);
            return match.Success ? Markdown(match.Groups[1].Value) : "";
        }

        throw new Xunit.Sdk.XunitException($"No source under src/ declares {type.Name}.");
    }

    private static string Markdown(string comment)
    {
        var xml = string.Join(" ", comment.Split('\n').Select(line => line.Trim()).Where(line => line.StartsWith("///", StringComparison.Ordinal)).Select(line => line[3..].Trim()));
        var summary = XElement.Parse($"<doc>{xml}</doc>").Element("summary");
        if (summary is null)
        {
            return "";
        }

        var text = new StringBuilder();
        foreach (var node in summary.Nodes())
        {
            text.Append(node switch
            {
                XText plain => plain.Value,
                XElement { Name.LocalName: "c" } code => $"`{code.Value}`",
                XElement { Name.LocalName: "see" } see when see.Attribute("cref") is { } cref => $"`{cref.Value.Split('.')[^1]}`",
                XElement { Name.LocalName: "see" } see when see.Attribute("langword") is { } word => $"`{word.Value}`",
                XElement element => element.Value,
                _ => "",
            });
        }

        return Whitespace().Replace(text.ToString(), " ").Trim();
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    private sealed record DirectSetting(string Key, string Type, string Default, string Meaning, string Literal);

    private sealed record Setting(string Key, string Type, string Default, string Meaning, string Source)
    {
        /// <summary>Whether an appsettings key sets this setting (itself, one of its list items or map entries).</summary>
        public bool Matches(string key)
        {
            var pattern = "^" + Regex.Escape(Key).Replace(@"\{key}", "[^:]+", StringComparison.Ordinal)
                + (Type.StartsWith("list", StringComparison.Ordinal) || Type.StartsWith("map", StringComparison.Ordinal) ? "(:[^:]+)?$" : "$");
            return Regex.IsMatch(key, pattern, RegexOptions.IgnoreCase);
        }
    }

    /// <summary>The SQLite service, keeping a copy of its service registrations (where the bound options are found).</summary>
    public sealed class CapturingFixture : SqliteApiFixture
    {
        public IReadOnlyList<ServiceDescriptor> Services { get; private set; } = [];

        protected override void ConfigureServices(IServiceCollection services) => Services = [.. services];
    }
}
