using System.Diagnostics;

namespace Sicantik.Documents.Tests.Support;

/// <summary>Runs poppler-utils (pdfsig, pdffonts, pdftoppm): independent readers of the PDFs we write.</summary>
internal static class Poppler
{
    public static (int ExitCode, string Output) Run(string tool, params string[] arguments)
    {
        var start = new ProcessStartInfo(tool)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException($"{tool} did not start.");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException($"{tool} is not installed: install poppler-utils (apt-get install -y poppler-utils).", e);
        }

        using (process)
        {
            var error = process.StandardError.ReadToEndAsync();
            var output = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            return (process.ExitCode, output + error.GetAwaiter().GetResult());
        }
    }

    /// <summary>Writes the bytes to a fresh temporary file and returns its path.</summary>
    public static string TempFile(byte[] bytes, string name)
    {
        var directory = Directory.CreateTempSubdirectory("sicantik-documents-");
        var path = Path.Combine(directory.FullName, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }
}
