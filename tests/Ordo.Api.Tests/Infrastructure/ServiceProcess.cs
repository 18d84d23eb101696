using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;

namespace Ordo.Api.Tests.Infrastructure;

/// <summary>The built service run as a real process, as an operator would run it.</summary>
public sealed class ServiceProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _stdout = new();
    private readonly ConcurrentQueue<string> _stderr = new();
    private readonly TaskCompletionSource<Uri> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ServiceProcess(Process process) => _process = process;

    public IReadOnlyCollection<string> StandardOutput => [.. _stdout];

    public IReadOnlyCollection<string> StandardError => [.. _stderr];

    /// <summary>Starts the built service; an empty value in <paramref name="environment"/> unsets that variable.</summary>
    public static ServiceProcess Start(string workingDirectory, IReadOnlyDictionary<string, string> environment, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Ordo.Api.dll"));
        start.ArgumentList.Add("--contentRoot");
        start.ArgumentList.Add(AppContext.BaseDirectory);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // The test run's own settings must not leak into the service under test.
        foreach (var key in start.Environment.Keys.Where(key => key.StartsWith("ASPNETCORE_", StringComparison.Ordinal) || key.StartsWith("DOTNET_ENVIRONMENT", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(key);
        }

        // Every environment requires an issuer; tests that are about other settings get a valid one.
        start.Environment["Auth__Issuer"] = "http://localhost/";
        foreach (var (key, value) in environment)
        {
            if (value.Length == 0)
            {
                start.Environment.Remove(key);
            }
            else
            {
                start.Environment[key] = value;
            }
        }

        var service = new ServiceProcess(new Process { StartInfo = start, EnableRaisingEvents = true });
        service._process.OutputDataReceived += (_, line) => service.OnOutput(line.Data);
        service._process.ErrorDataReceived += (_, line) =>
        {
            if (line.Data is not null)
            {
                service._stderr.Enqueue(line.Data);
            }
        };
        service._process.Start();
        service._process.BeginOutputReadLine();
        service._process.BeginErrorReadLine();
        return service;
    }

    public async Task<Uri> WaitUntilListeningAsync()
    {
        var exited = _process.WaitForExitAsync();
        var first = await Task.WhenAny(_listening.Task, exited, Task.Delay(TimeSpan.FromSeconds(60)));
        Assert.True(first == _listening.Task, "The service did not start listening. stderr: " + string.Join('\n', _stderr) + "\nstdout: " + string.Join('\n', _stdout));
        return await _listening.Task;
    }

    /// <summary>Waits for a line of standard output that <paramref name="matches"/>.</summary>
    public async Task WaitForOutputAsync(Func<string, bool> matches)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (!_stdout.Any(matches))
        {
            Assert.False(_process.HasExited, "The service exited. stderr: " + string.Join('\n', _stderr) + "\nstdout: " + string.Join('\n', _stdout));
            await Task.Delay(TimeSpan.FromMilliseconds(20), timeout.Token);
        }
    }

    /// <summary>Asks the service to stop, as an orchestrator or Ctrl+C does (SIGTERM).</summary>
    public void Terminate()
    {
        // The shell's built-in kill: /bin/kill comes with procps, which a minimal machine may lack.
        using var kill = Process.Start("sh", ["-c", "kill -TERM " + _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }

    public async Task<int> WaitForExitAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await _process.WaitForExitAsync(timeout.Token);
        _process.WaitForExit(); // flushes the redirected streams
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private void OnOutput(string? line)
    {
        if (line is null)
        {
            return;
        }

        _stdout.Enqueue(line);
        const string Listening = "Now listening on: ";
        if (line.Contains(Listening, StringComparison.Ordinal))
        {
            // JSON outside Development, one readable line in Development; the first address is the API's.
            var address = line.StartsWith('{')
                ? JsonDocument.Parse(line).RootElement.GetProperty("State").GetProperty("address").GetString()!
                : line[(line.IndexOf(Listening, StringComparison.Ordinal) + Listening.Length)..].Trim();
            _listening.TrySetResult(new Uri(address));
        }
    }
}
