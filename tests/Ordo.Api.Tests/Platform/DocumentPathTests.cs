using System.Text.RegularExpressions;
using Ordo.Api.Tests.Infrastructure;

namespace Ordo.Api.Tests.Platform;

/// <summary>The documents point readers at source files by path; a move must not leave them pointing at nothing.</summary>
public sealed partial class DocumentPathTests
{
    private static readonly string[] SourceRoots = ["", "src", "src/Ordo.Api", "src/Ordo.Domain", "src/Ordo.Persistence", "tests", "tests/Ordo.Api.Tests", "bench", "clients/typescript"];

    [Fact]
    public void Every_source_path_a_document_names_exists()
    {
        var documents = new[] { "README.md", "CHANGELOG.md", "bench/README.md" }
            .Select(path => Path.Combine(RepositoryFiles.Root, path))
            .Concat(Directory.EnumerateFiles(Path.Combine(RepositoryFiles.Root, "docs"), "*.md", SearchOption.AllDirectories))
            .Where(File.Exists);
        var missing = new List<string>();
        foreach (var document in documents)
        {
            var text = File.ReadAllText(document);
            foreach (var path in SourcePath().Matches(text).Select(match => match.Groups["path"].Value).Distinct(StringComparer.Ordinal))
            {
                if (!SourceRoots.Any(root => File.Exists(Path.Combine(RepositoryFiles.Root, root, path)) || Directory.Exists(Path.Combine(RepositoryFiles.Root, root, path))))
                {
                    missing.Add($"{Path.GetRelativePath(RepositoryFiles.Root, document)}: {path}");
                }
            }
        }

        Assert.True(missing.Count == 0, "Documents name paths that do not exist:\n" + string.Join('\n', missing));
    }

    /// <summary>A path with at least one folder, in backticks, ending in a source file's extension.</summary>
    [GeneratedRegex(@"`(?<path>[A-Za-z0-9_.\-]+(?:/[A-Za-z0-9_.\-]+)+\.(?:cs|csproj|sql|sh|ts|json|md))`")]
    private static partial Regex SourcePath();
}
