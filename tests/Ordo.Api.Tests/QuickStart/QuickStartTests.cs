using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Ordo.Api.Tests.Account;
using Ordo.Api.Tests.Infrastructure;

namespace Ordo.Api.Tests.QuickStart;

/// <summary>
/// <c>docs/quick-start.md</c> cannot rot: its commands run, in order, with bash, curl, jq and openssl, against the
/// service started the way the guide starts it (<see cref="DevelopmentService"/>), and print what the guide says they
/// print. A path, body field, header or credential that stops working fails a block (<c>curl --fail-with-body</c>,
/// <c>set -euo pipefail</c>).
/// </summary>
public sealed class QuickStartTests(DevelopmentService service) : IClassFixture<DevelopmentService>
{
    private static readonly string[] Tools = ["bash", "curl", "jq", "openssl"];

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    private static QuickStartGuide Guide { get; } =
        QuickStartGuide.Parse(File.ReadAllText(Path.Combine(RepositoryFiles.Root, QuickStartGuide.Path)));

    [Fact]
    public async Task The_quick_starts_commands_take_an_order_from_nothing_to_delivered_and_sign_a_customer_in()
    {
        RequireTools();
        var shell = new GuideShell(Path.Combine(service.WorkingDirectory, "reader"));

        foreach (var step in Guide.Steps)
        {
            var script = step.Script.Replace(QuickStartGuide.DocumentedBaseUrl, service.BaseUri.GetLeftPart(UriPartial.Authority), StringComparison.Ordinal);
            if (step.Kind == QuickStartGuide.Kind.Browser)
            {
                shell.Variables[step.AssignedVariable] = await SignInInBrowserAsync(
                    shell.Variables["AUTHORIZE_URL"], shell.Variables["CUSTOMER_EMAIL"], shell.Variables["CUSTOMER_PASSWORD"]);
                continue;
            }

            var (exitCode, output, errors) = await shell.RunAsync(script);
            Assert.True(exitCode == 0, $"{QuickStartGuide.Path}:{step.Line}: the block failed ({exitCode}).\n{script}\nstdout: {output}\nstderr: {errors}");
            if (step.ExpectedOutput is { } expected)
            {
                Assert.True(expected == output.TrimEnd('\n'), $"{QuickStartGuide.Path}:{step.Line} prints\n{output}\nwhere the guide shows\n{expected}");
            }
        }

        // The guide went all the way: a sanity check that parsing found its steps.
        Assert.True(Guide.Steps.Count(step => step.Kind == QuickStartGuide.Kind.Run) >= 12, "The guide has fewer steps than expected: was it parsed?");
        Assert.Contains(Guide.Steps, step => step.ExpectedOutput?.Contains("completed/paid/delivered", StringComparison.Ordinal) == true);
        Assert.Contains("CUSTOMER_TOKEN", shell.Variables.Keys);
    }

    [Fact]
    public void The_guides_TypeScript_is_the_program_CI_type_checks()
    {
        var program = File.ReadAllText(Path.Combine(RepositoryFiles.Root, "clients", "typescript", "src", "quick-start.ts")).ReplaceLineEndings("\n").TrimEnd('\n');
        Assert.True(
            program == Guide.TypeScript,
            $"The ts block of {QuickStartGuide.Path} differs from clients/typescript/src/quick-start.ts: copy the program into the guide.");
    }

    [Fact]
    public async Task The_TypeScript_program_places_pays_ships_and_delivers_an_order_against_the_service()
    {
        var project = Path.Combine(RepositoryFiles.Root, "clients", "typescript");
        RequireTools(Directory.Exists(Path.Combine(project, "node_modules")) ? ["npm", "node"] : ["npm", "node", "clients/typescript/node_modules (npm ci)"]);
        var (clientId, clientSecret) = await IntegrationClientAsync();

        // `npm start`, as the guide runs it: generate the types, compile, run (dist/ and the types are git-ignored).
        var start = new ProcessStartInfo("npm") { WorkingDirectory = project, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("run");
        start.ArgumentList.Add("--silent");
        start.ArgumentList.Add("start");
        start.Environment["ORDO"] = service.BaseUri.GetLeftPart(UriPartial.Authority);
        start.Environment["ORDO_CLIENT_ID"] = clientId;
        start.Environment["ORDO_CLIENT_SECRET"] = clientSecret;
        using var npm = Process.Start(start)!;
        var output = npm.StandardOutput.ReadToEndAsync(Cancellation);
        var errors = npm.StandardError.ReadToEndAsync(Cancellation);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Cancellation);
        timeout.CancelAfter(TimeSpan.FromMinutes(2));
        await npm.WaitForExitAsync(timeout.Token);

        Assert.True(npm.ExitCode == 0, $"npm start failed ({npm.ExitCode}).\nstdout: {await output}\nstderr: {await errors}");
        Assert.Matches(@"(?m)^ORD-[0-9]+: completed/paid/delivered$", await output);
    }

    /// <summary>Step 3 of the guide, as a program would do it: an integration client with the scopes the program needs.</summary>
    private async Task<(string ClientId, string ClientSecret)> IntegrationClientAsync()
    {
        using var http = new HttpClient { BaseAddress = service.BaseUri };
        using var tokenForm = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "password",
            ["client_id"] = "ordo-admin",
            ["username"] = "admin@ordo.localhost",
            ["password"] = "DEVELOPMENT-ONLY-correct-horse-battery",
        });
        using var token = await http.PostAsync(new Uri("/connect/token", UriKind.Relative), tokenForm, Cancellation);
        var accessToken = (await token.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("access_token").GetString();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/clients")
        {
            Content = HttpJson.Body(new
            {
                displayName = "TypeScript quick start",
                scopes = new[] { "catalog.write", "customers.write", "orders.read", "orders.create", "orders.pay", "orders.fulfil" },
            }),
        };
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", accessToken);
        using var created = await http.SendAsync(request, Cancellation);
        var client = await created.Content.ReadFromJsonAsync<ClientCredentials>(Cancellation);
        Assert.True(created.StatusCode == HttpStatusCode.Created && client is not null, $"{(int)created.StatusCode} {client}");
        return (client.ClientId, client.ClientSecret);
    }

    private sealed record ClientCredentials(string ClientId, string ClientSecret);

    /// <summary>What the reader does in the browser: the sign-in page, then the redirect to the app with the code.</summary>
    private async Task<string> SignInInBrowserAsync(string authorizeUrl, string email, string password)
    {
        using var browser = new SignInBrowser(new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true })
        {
            BaseAddress = service.BaseUri,
        });
        using var toSignIn = await browser.Client.GetAsync(new Uri(authorizeUrl), Cancellation);
        var signInPage = await browser.GetPageAsync(SignInBrowser.Location(toSignIn));
        using var signedIn = await browser.SubmitStepAsync(signInPage, new Dictionary<string, string> { ["email"] = email, ["password"] = password });
        using var issued = await browser.Client.GetAsync(SignInBrowser.Location(signedIn), Cancellation);
        Assert.Equal(HttpStatusCode.Redirect, issued.StatusCode);
        return issued.Headers.Location!.AbsoluteUri;
    }

    /// <summary>The tools the guide asks the reader for; missing, the test is skipped, except under CI, where it fails.</summary>
    private static void RequireTools(params string[] also)
    {
        var missing = Tools.Where(tool => !OnPath(tool)).Concat(also.Where(tool => tool.Contains('/', StringComparison.Ordinal) || !OnPath(tool))).ToList();
        if (missing.Count == 0)
        {
            return;
        }

        var reason = $"The quick start needs {string.Join(", ", missing)} on the PATH.";
        Assert.False(string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase), reason + " CI installs them (.ci/run).");
        Assert.Skip(reason);
    }

    private static bool OnPath(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator).Any(directory => File.Exists(Path.Combine(directory, tool)));

    /// <summary>
    /// A reader's terminal: each block runs in bash in one directory, and the variables it sets (all exported, as
    /// <c>set -a</c> does) are there for the next block.
    /// </summary>
    private sealed class GuideShell
    {
        private readonly string _directory;

        public GuideShell(string directory)
        {
            _directory = Directory.CreateDirectory(directory).FullName;
            foreach (System.Collections.DictionaryEntry variable in Environment.GetEnvironmentVariables())
            {
                Variables[(string)variable.Key] = (string?)variable.Value ?? "";
            }
        }

        public Dictionary<string, string> Variables { get; } = new(StringComparer.Ordinal);

        public async Task<(int ExitCode, string Output, string Errors)> RunAsync(string script)
        {
            var state = Path.Combine(_directory, ".variables");
            var start = new ProcessStartInfo("bash")
            {
                WorkingDirectory = _directory,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            start.ArgumentList.Add("-c");
            start.ArgumentList.Add($"set -euo pipefail -a\n{script}\nenv -0 > '{state}'\n");
            start.Environment.Clear();
            foreach (var (name, value) in Variables)
            {
                start.Environment[name] = value;
            }

            using var bash = Process.Start(start)!;
            var output = bash.StandardOutput.ReadToEndAsync(Cancellation);
            var errors = bash.StandardError.ReadToEndAsync(Cancellation);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Cancellation);
            timeout.CancelAfter(TimeSpan.FromSeconds(60));
            await bash.WaitForExitAsync(timeout.Token);
            if (bash.ExitCode == 0)
            {
                foreach (var entry in (await File.ReadAllTextAsync(state, Cancellation)).Split('\0', StringSplitOptions.RemoveEmptyEntries))
                {
                    var separator = entry.IndexOf('=', StringComparison.Ordinal);
                    Variables[entry[..separator]] = entry[(separator + 1)..];
                }
            }

            return (bash.ExitCode, await output, await errors);
        }
    }
}
