using System.Text.RegularExpressions;

namespace Ordo.Api.Tests.QuickStart;

/// <summary>
/// The code blocks of <c>docs/quick-start.md</c>, in order, as its maintainer note describes them: <c>sh</c> blocks to
/// run, <c>sh no-test</c> blocks not to, <c>sh browser</c> blocks the reader does in a browser, <c>text output</c>
/// blocks holding what the block before them prints, and the <c>ts</c> block holding the TypeScript program.
/// </summary>
public sealed partial record QuickStartGuide(IReadOnlyList<QuickStartGuide.GuideStep> Steps, string TypeScript)
{
    public const string Path = "docs/quick-start.md";

    /// <summary>Where the guide says the service is; the test's service listens elsewhere.</summary>
    public const string DocumentedBaseUrl = "http://localhost:5080";

    public enum Kind
    {
        Run,
        Browser,
    }

    /// <param name="Line">Where the block starts in the guide, for failure messages.</param>
    public sealed record GuideStep(Kind Kind, string Script, int Line)
    {
        /// <summary>What the guide shows the block printing, when it shows it.</summary>
        public string? ExpectedOutput { get; init; }

        /// <summary>A browser step's variable: the one its block assigns the address the browser ends at.</summary>
        public string AssignedVariable => AssignmentOf().Match(Script) is { Success: true } match
            ? match.Groups[1].Value
            : throw new InvalidOperationException($"{QuickStartGuide.Path}:{Line}: a browser block assigns one variable, e.g. CALLBACK_URL='...'.");
    }

    public static QuickStartGuide Parse(string markdown)
    {
        markdown = markdown.ReplaceLineEndings("\n");
        var steps = new List<GuideStep>();
        string? typeScript = null;
        foreach (Match block in FencedBlock().Matches(markdown))
        {
            var info = block.Groups["info"].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var body = block.Groups["body"].Value;
            var line = markdown[..block.Index].Count(c => c == '\n') + 1;
            switch (info)
            {
                case ["sh"]:
                    steps.Add(new GuideStep(Kind.Run, body, line));
                    break;
                case ["sh", "browser"]:
                    steps.Add(new GuideStep(Kind.Browser, body, line));
                    break;
                case ["sh", "no-test"]:
                    break;
                case ["text", "output"]:
                    if (steps is not [.., { Kind: Kind.Run, ExpectedOutput: null } previous])
                    {
                        throw new InvalidOperationException($"{Path}:{line}: an output block follows the sh block whose output it is.");
                    }

                    steps[^1] = previous with { ExpectedOutput = body };
                    break;
                case ["ts"]:
                    typeScript = typeScript is null ? body : throw new InvalidOperationException($"{Path}:{line}: one ts block, the program CI checks.");
                    break;
                default:
                    throw new InvalidOperationException(
                        $"{Path}:{line}: a ```{string.Join(' ', info)} block; the guide's blocks are sh, sh no-test, sh browser, text output and ts (see its maintainer note).");
            }
        }

        return new QuickStartGuide(steps, typeScript ?? throw new InvalidOperationException($"{Path}: no ts block."));
    }

    [GeneratedRegex(@"^```(?<info>[^\n]*)\n(?<body>.*?)\n```$", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex FencedBlock();

    [GeneratedRegex(@"^([A-Z_][A-Z0-9_]*)=", RegexOptions.Multiline)]
    private static partial Regex AssignmentOf();
}
