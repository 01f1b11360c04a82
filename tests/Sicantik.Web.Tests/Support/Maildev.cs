using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using MimeKit;

namespace Sicantik.Web.Tests.Support;

/// <summary>
/// A real SMTP server for the email tests: maildev, installed by the project (<c>tests/maildev</c>, pinned by its
/// package-lock.json, <c>npm ci</c> on first use) and run with node on free ports, so that <c>dotnet test</c> needs only
/// node and npm on the machine. It can be stopped and started again on the same ports (a mail server that goes away
/// mid-run). Messages are read back through its REST API (<c>/api/email</c>) as the raw MIME source each one arrived as.
/// </summary>
public sealed class Maildev : IAsyncLifetime, IDisposable
{
    private static readonly TimeSpan StartLimit = TimeSpan.FromSeconds(60);
    private static readonly SemaphoreSlim InstallLock = new(1, 1);
    private readonly HttpClient _http = new();
    private Process? _process;

    public int SmtpPort { get; } = FreePort();

    public int WebPort { get; } = FreePort();

    public Uri Api => new($"http://127.0.0.1:{WebPort}/api/");

    public static string Folder => Path.Combine(RepositoryRoot(), "tests", "maildev");

    public async Task InitializeAsync()
    {
        await InstallAsync();
        await StartAsync();
    }

    public async Task DisposeAsync()
    {
        await StopAsync();
    }

    public void Dispose()
    {
        _process?.Dispose();
        _http.Dispose();
    }

    public async Task StartAsync()
    {
        if (_process is not null)
        {
            return;
        }

        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = Folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
        {
            Path.Combine("node_modules", "maildev", "dist", "bin", "maildev.js"),
            "--smtp", SmtpPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--web", WebPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--ip", "127.0.0.1", "--web-ip", "127.0.0.1", "--silent",
        })
        {
            start.ArgumentList.Add(argument);
        }

        _process = Process.Start(start) ?? throw new InvalidOperationException("node did not start maildev.");
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        // Waiting on an external process to listen: poll both ports, with an overall limit.
        var limit = Stopwatch.StartNew();
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"maildev exited with code {_process.ExitCode} before listening (ports {SmtpPort}, {WebPort}).");
            }

            if (await ListensAsync(SmtpPort) && await ApiAnswersAsync())
            {
                return;
            }

            if (limit.Elapsed > StartLimit)
            {
                throw new InvalidOperationException($"maildev did not listen on ports {SmtpPort} and {WebPort} within {StartLimit.TotalSeconds} s.");
            }

            await Task.Delay(100);
        }
    }

    /// <summary>Stops the server (its messages go with it: read them first).</summary>
    public async Task StopAsync()
    {
        if (_process is null)
        {
            return;
        }

        try
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        _process.Dispose();
        _process = null;
    }

    /// <summary>Every message received since the server started, in the order received, as MIME.</summary>
    public async Task<IReadOnlyList<MimeMessage>> MessagesAsync()
    {
        using var list = JsonDocument.Parse(await _http.GetStringAsync(new Uri(Api, "email")));
        var entries = list.RootElement.EnumerateArray()
            .Select(e => (Id: e.GetProperty("id").GetString()!, Time: e.GetProperty("time").GetDateTimeOffset()))
            .OrderBy(e => e.Time)
            .ToList();
        var messages = new List<MimeMessage>();
        foreach (var (id, _) in entries)
        {
            await using var source = await _http.GetStreamAsync(new Uri(Api, $"email/{id}/source"));
            using var buffer = new MemoryStream();
            await source.CopyToAsync(buffer);
            buffer.Position = 0;
            messages.Add(await MimeMessage.LoadAsync(buffer));
        }

        return messages;
    }

    /// <summary>The messages once at least <paramref name="count"/> have arrived (SMTP hands over before maildev lists).</summary>
    public async Task<IReadOnlyList<MimeMessage>> WaitForAsync(int count)
    {
        var limit = Stopwatch.StartNew();
        while (true)
        {
            var messages = await MessagesAsync();
            if (messages.Count >= count || limit.Elapsed > TimeSpan.FromSeconds(30))
            {
                return messages;
            }

            await Task.Delay(100);
        }
    }

    private static async Task InstallAsync()
    {
        await InstallLock.WaitAsync();
        try
        {
            if (File.Exists(Path.Combine(Folder, "node_modules", "maildev", "package.json")))
            {
                return;
            }

            var npm = new ProcessStartInfo("npm") { WorkingDirectory = Folder, UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var argument in new[] { "ci", "--no-audit", "--no-fund" })
            {
                npm.ArgumentList.Add(argument);
            }

            Process process;
            try
            {
                process = Process.Start(npm) ?? throw new InvalidOperationException("npm did not start.");
            }
            catch (System.ComponentModel.Win32Exception ex)
            {
                throw new InvalidOperationException($"The email tests need node and npm to install maildev (npm ci in {Folder}): {ex.Message}", ex);
            }

            using (process)
            {
                var output = process.StandardOutput.ReadToEndAsync();
                var error = process.StandardError.ReadToEndAsync();
                await process.WaitForExitAsync();
                if (process.ExitCode != 0)
                {
                    throw new InvalidOperationException($"npm ci in {Folder} failed ({process.ExitCode}): {await output}{await error}");
                }
            }
        }
        finally
        {
            InstallLock.Release();
        }
    }

    private async Task<bool> ApiAnswersAsync()
    {
        try
        {
            using var response = await _http.GetAsync(new Uri(Api, "email"));
            return response.IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    private static async Task<bool> ListensAsync(int port)
    {
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Sicantik.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException($"No Sicantik.sln above {AppContext.BaseDirectory}.");
    }
}
