using System.Diagnostics;
using System.Globalization;

namespace Sicantik.Shared;

/// <summary>
/// Starts a worker assembly shipped next to this one (the PDF check, the script worker) on the same runtime, with its
/// standard streams redirected and a hard cap on its managed heap, so that a parser or script fault ends the worker,
/// never the host. Linked as source into the projects that start workers, so the engine keeps no project dependency.
/// </summary>
internal static class WorkerProcess
{
    /// <summary>How to start <paramref name="workerAssembly"/> with <c>dotnet</c>; callers add their own arguments.</summary>
    public static ProcessStartInfo StartInfo(string workerAssembly, long heapLimitBytes)
    {
        var start = new ProcessStartInfo(DotnetHost())
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            CreateNoWindow = true,
        };
        start.ArgumentList.Add(workerAssembly);
        start.Environment["DOTNET_GCHeapHardLimit"] = "0x" + heapLimitBytes.ToString("X", CultureInfo.InvariantCulture);
        start.Environment["DOTNET_gcServer"] = "0";
        return start;
    }

    // The host runs as "dotnet app.dll" (Docker, tests) or as its own launcher; the worker runs on the same runtime.
    private static string DotnetHost()
    {
        var current = Environment.ProcessPath;
        if (current is not null && Path.GetFileNameWithoutExtension(current).Equals("dotnet", StringComparison.OrdinalIgnoreCase))
        {
            return current;
        }

        var hostPath = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (!string.IsNullOrEmpty(hostPath) && File.Exists(hostPath))
        {
            return hostPath;
        }

        var root = Environment.GetEnvironmentVariable("DOTNET_ROOT");
        var underRoot = string.IsNullOrEmpty(root) ? null : Path.Combine(root, OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet");
        return underRoot is not null && File.Exists(underRoot) ? underRoot : "dotnet";
    }
}
