using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;
using Ordo.Admin.Auth;

namespace Ordo.Admin.Tests;

/// <summary>
/// The panel's permission names against the API's: the closed <c>Permission</c> set of docs/openapi.json, which the
/// API's own tests keep equal to its permission catalogue (the panel cannot reference the API's assembly).
/// </summary>
public sealed partial class PanelPermissionsTests
{
    private static readonly string Root = FindRoot();

    private static HashSet<string> ApiPermissions()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(Root, "docs", "openapi.json")));
        var values = document.RootElement.GetProperty("components").GetProperty("schemas").GetProperty("Permission").GetProperty("enum")
            .EnumerateArray().Select(value => value.GetString()!).ToHashSet(StringComparer.Ordinal);
        Assert.NotEmpty(values);
        return values;
    }

    private static IReadOnlyList<(string Name, string Value)> PanelConstants() =>
        [.. typeof(PanelPermissions).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(field => field.IsLiteral && field.FieldType == typeof(string))
            .Select(field => (field.Name, (string)field.GetRawConstantValue()!))];

    [Fact]
    public void Every_permission_the_panel_asks_about_is_one_the_api_declares()
    {
        var api = ApiPermissions();
        var constants = PanelConstants();

        Assert.NotEmpty(constants);
        Assert.All(constants, constant => Assert.True(
            api.Contains(constant.Value),
            $"PanelPermissions.{constant.Name} is \"{constant.Value}\", which is not one of the API's permissions ({string.Join(", ", api)})."));
    }

    [Fact]
    public void Permission_names_are_written_only_in_PanelPermissions()
    {
        var api = ApiPermissions();
        var panel = Path.Combine(Root, "src", "Ordo.Admin");
        var home = Path.Combine(panel, "Auth", "PanelPermissions.cs");

        var strays = Directory.EnumerateFiles(panel, "*.*", SearchOption.AllDirectories)
            .Where(path => path.EndsWith(".cs", StringComparison.Ordinal) || path.EndsWith(".razor", StringComparison.Ordinal))
            .Where(path => path != home && !path.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !path.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .SelectMany(path => QuotedText().Matches(File.ReadAllText(path))
                .Select(match => match.Groups[1].Value)
                .Where(api.Contains)
                .Select(name => $"{Path.GetRelativePath(Root, path)}: \"{name}\""))
            .ToList();

        Assert.True(strays.Count == 0, "Use PanelPermissions instead of these literals: " + string.Join("; ", strays));
    }

    [GeneratedRegex("\"([a-z]+(?:\\.[a-z]+)+)\"")]
    private static partial Regex QuotedText();

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Ordo.slnx")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("Ordo.slnx not found above the test output directory.");
    }
}
