namespace Ordo.Api.Tests.Infrastructure;

/// <summary>
/// Checked-in files that must match what the code produces (OpenAPI document, SQL scripts). Run the tests with
/// <c>ORDO_UPDATE_SNAPSHOTS=1</c> to rewrite them after an intended change, then review the diff.
/// </summary>
public static class RepositoryFiles
{
    public static string Root { get; } = FindRoot();

    public static void AssertMatches(string relativePath, string actual)
    {
        var path = Path.Combine(Root, relativePath);
        actual = Normalise(actual);
        if (Environment.GetEnvironmentVariable("ORDO_UPDATE_SNAPSHOTS") == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, actual);
            return;
        }

        Assert.True(File.Exists(path), $"{relativePath} is missing; run the tests once with ORDO_UPDATE_SNAPSHOTS=1.");
        var expected = Normalise(File.ReadAllText(path));
        Assert.True(
            expected == actual,
            $"{relativePath} is stale: the code now produces something else. Run the tests with ORDO_UPDATE_SNAPSHOTS=1 and review the diff.");
    }

    private static string Normalise(string text) => text.TrimStart('\uFEFF').ReplaceLineEndings("\n").TrimEnd() + "\n";

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
