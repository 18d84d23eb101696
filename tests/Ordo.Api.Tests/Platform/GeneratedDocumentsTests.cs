using System.Text.RegularExpressions;
using Ordo.Api.Tests.Infrastructure;

namespace Ordo.Api.Tests.Platform;

/// <summary><c>tools/docs/generate</c>, the one command that regenerates the generated documents, runs every test that can.</summary>
public sealed partial class GeneratedDocumentsTests
{
    [Fact]
    public void Every_test_that_rewrites_a_checked_in_file_is_run_by_the_generate_command()
    {
        var script = File.ReadAllText(Path.Combine(RepositoryFiles.Root, "tools", "docs", "generate"));
        var terms = FilterTerm().Matches(script).Select(match => match.Groups[1].Value).ToList();
        Assert.NotEmpty(terms);

        var writers = Directory.EnumerateFiles(Path.Combine(RepositoryFiles.Root, "tests", "Ordo.Api.Tests"), "*.cs", SearchOption.AllDirectories)
            .Select(path => (Path: path, Text: File.ReadAllText(path)))
            .Where(file => file.Text.Contains($"{nameof(RepositoryFiles)}.{nameof(RepositoryFiles.AssertMatches)}(", StringComparison.Ordinal))
            .ToList();
        Assert.True(writers.Count >= 6, $"only {writers.Count} files write checked-in documents: the lookup is broken");

        Assert.All(writers, file =>
        {
            var classes = ConcreteClass().Matches(file.Text).Select(match => match.Groups[1].Value).ToList();
            Assert.True(
                classes.Any(name => terms.Any(term => name.Contains(term, StringComparison.Ordinal))),
                $"{Path.GetFileName(file.Path)} rewrites a checked-in file, but tools/docs/generate's filter matches none of its classes ({string.Join(", ", classes)}).");
        });
    }

    [GeneratedRegex("FullyQualifiedName~([A-Za-z]+)")]
    private static partial Regex FilterTerm();

    [GeneratedRegex(@"^public sealed (?:partial )?class (\w+)", RegexOptions.Multiline)]
    private static partial Regex ConcreteClass();
}
