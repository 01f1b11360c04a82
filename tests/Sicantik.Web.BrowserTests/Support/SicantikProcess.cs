using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;

namespace Sicantik.Web.BrowserTests.Support;

/// <summary>
/// The host as a person starts it: its own process on the embedded defaults (SQLite, Hangfire in memory, email to a
/// pickup folder), in a fresh data folder, listening on a free port. The demo accounts' passwords are read from its
/// console, where the first start prints them once.
/// </summary>
public sealed partial class SicantikProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();

    private SicantikProcess(Process process, string folder)
    {
        _process = process;
        Folder = folder;
    }

    /// <summary>The folder the process runs in; its data folder is <c>data/</c> below it.</summary>
    public string Folder { get; }

    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>Demo accounts by role: (email, password), as printed at the first start.</summary>
    public IReadOnlyDictionary<string, (string Email, string Password)> DemoAccounts { get; private set; } = new Dictionary<string, (string, string)>();

    /// <summary>Where the emails go without an SMTP server.</summary>
    public string PickupFolder => Path.Combine(Folder, "data", "surel");

    /// <summary>Everything the process printed so far.</summary>
    public string Output => string.Join('\n', _output);

    public static async Task<SicantikProcess> StartAsync()
    {
        var folder = Directory.CreateTempSubdirectory("sicantik-browser-").FullName;
        var dll = Path.Combine(AppContext.BaseDirectory, "Sicantik.Web.dll");
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(dll);
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add("http://127.0.0.1:0");
        // The pages' static files (Bootstrap and htmx fetched from npm at build time) are in the project's wwwroot.
        start.ArgumentList.Add("--contentRoot");
        start.ArgumentList.Add(ProjectFolder());
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        // Production refuses a public address on this machine; the links' paths are opened on the test host's port.
        start.Environment["Sicantik__PublicBaseUrl"] = "https://perizinan.sicantik.test";
        start.Environment["Database__DataFolder"] = Path.Combine(folder, "data");
        start.Environment["Perizinan__FileStorePath"] = Path.Combine(folder, "data", "berkas");
        start.Environment["Email__PickupFolder"] = Path.Combine(folder, "data", "surel");
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        start.Environment["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information";

        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        var host = new SicantikProcess(process, folder);
        var listening = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        var accounts = new Dictionary<string, (string, string)>(StringComparer.Ordinal);
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is not { } line)
            {
                listening.TrySetException(new InvalidOperationException("The host stopped:\n" + host.Output));
                return;
            }

            host._output.Enqueue(line);
            if (DemoAccountLine().Match(line) is { Success: true } account)
            {
                lock (accounts)
                {
                    accounts[account.Groups["role"].Value] = (account.Groups["email"].Value, account.Groups["password"].Value);
                }
            }

            if (ListeningLine().Match(line) is { Success: true } address)
            {
                listening.TrySetResult(new Uri(address.Groups["url"].Value));
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is { } line)
            {
                host._output.Enqueue(line);
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        // Waiting for a process to come up is not a timed assertion: the limit only keeps a broken start from hanging CI.
        host.BaseAddress = await listening.Task.WaitAsync(TimeSpan.FromMinutes(2));
        lock (accounts)
        {
            host.DemoAccounts = new Dictionary<string, (string, string)>(accounts, StringComparer.Ordinal);
        }

        return host;
    }

    /// <summary>The newest email to <paramref name="address"/> in the pickup folder, as text.</summary>
    public string LatestEmailTo(string address)
    {
        var file = Directory.Exists(PickupFolder)
            ? Directory.EnumerateFiles(PickupFolder, "*.eml")
                .Where(f => File.ReadAllText(f).Contains(address, StringComparison.OrdinalIgnoreCase))
                .OrderByDescending(f => f, StringComparer.Ordinal)
                .FirstOrDefault()
            : null;
        return file is null ? throw new InvalidOperationException($"No email to {address} in {PickupFolder}.") : File.ReadAllText(file);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // A file still held by the dying process: the temp folder is cleaned by the system.
        }
    }

    /// <summary>src/Sicantik.Web, found from this source file.</summary>
    private static string ProjectFolder([CallerFilePath] string source = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(source)!, "..", "..", "..", "src", "Sicantik.Web"));

    /// <summary>The repository's root, found from this source file.</summary>
    public static string RepositoryFolder([CallerFilePath] string source = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(source)!, "..", "..", ".."));

    [GeneratedRegex(@"^\s+(?<role>[a-z-]+)\s+(?<email>\S+@\S+)\s+(?<password>\S+)\s*$")]
    private static partial Regex DemoAccountLine();

    [GeneratedRegex(@"Now listening on: (?<url>http://\S+)")]
    private static partial Regex ListeningLine();
}
