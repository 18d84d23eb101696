using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using Ordo.Api.Features.Webhooks;
using Ordo.Api.Tests.Infrastructure;

namespace Ordo.Api.Tests.Webhooks;

/// <summary>The receiver examples in docs/events.md are right: the C# one is the code the tests verify with, the Python one runs.</summary>
public sealed class WebhookDocumentationTests
{
    [Fact]
    public void The_documented_CSharp_receiver_is_the_verifier_the_tests_use()
    {
        var documented = Block("csharp");
        var source = File.ReadAllText(Path.Combine(RepositoryFiles.Root, "tests", "Ordo.Api.Tests", "Webhooks", "WebhookVerifier.cs")).ReplaceLineEndings("\n");
        var compiled = source.Split("// docs:csharp-begin\n")[1].Split("// docs:csharp-end")[0].TrimEnd('\n');

        Assert.Equal(compiled, documented);
    }

    [Fact]
    public async Task The_documented_Python_receiver_accepts_either_rotated_secret_and_refuses_a_wrong_one_or_a_stale_timestamp()
    {
        if (!OnPath("python3"))
        {
            Assert.Skip("python3 is not installed.");
        }

        var body = """{"id":"0193a5b2-7c1e-7d4a-9f0e-5b6c7d8e9f01","type":"order.paid","data":{"note":"café"}}""";
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var header = WebhookSignature.HeaderValue(now, Encoding.UTF8.GetBytes(body), ["whsec_new", "whsec_old"]);
        var script = Block("python") + $$"""


            import sys
            body = {{PythonBytes(body)}}
            header = "{{header}}"
            now = {{now}}
            checks = [
                verify(header, body, ["whsec_old"], now),
                verify(header, body, ["whsec_other", "whsec_new"], now),
                not verify(header, body, ["whsec_wrong"], now),
                not verify(header, body + b" ", ["whsec_new"], now),
                not verify(header, body, ["whsec_new"], now + 301),
            ]
            print(checks)
            sys.exit(0 if all(checks) else 1)
            """.Replace("            ", "", StringComparison.Ordinal);
        var file = Path.Combine(Path.GetTempPath(), $"ordo-webhook-{Guid.NewGuid():N}.py");
        await File.WriteAllTextAsync(file, script, TestContext.Current.CancellationToken);
        try
        {
            using var python = Process.Start(new ProcessStartInfo("python3", file) { RedirectStandardOutput = true, RedirectStandardError = true })!;
            var output = await python.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
            var errors = await python.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
            await python.WaitForExitAsync(TestContext.Current.CancellationToken);
            Assert.True(python.ExitCode == 0, $"python3 said: {output} {errors}");
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static string Block(string language)
    {
        var events = File.ReadAllText(Path.Combine(RepositoryFiles.Root, "docs", "events.md")).ReplaceLineEndings("\n");
        var webhooks = events[events.IndexOf("## Webhooks", StringComparison.Ordinal)..];
        var match = Regex.Match(webhooks, "```" + language + "\n(.*?)\n```", RegexOptions.Singleline);
        Assert.True(match.Success, $"docs/events.md has no {language} block under Webhooks");
        return match.Groups[1].Value;
    }

    private static string PythonBytes(string text) =>
        "b\"" + string.Concat(Encoding.UTF8.GetBytes(text).Select(b => b is >= 0x20 and < 0x7f && b != '"' && b != '\\' ? ((char)b).ToString() : $"\\x{b:x2}")) + "\"";

    private static bool OnPath(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator).Any(directory => File.Exists(Path.Combine(directory, program)));
}
