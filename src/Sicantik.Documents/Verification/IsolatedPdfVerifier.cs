using System.ComponentModel;
using System.Diagnostics;
using System.Text.Json;
using Sicantik.Shared;

namespace Sicantik.Documents.Verification;

/// <summary>No worker is free to read another upload now; the caller asks the person to try again shortly.</summary>
public sealed class PdfCheckBusyException() : Exception("Every PDF check worker is busy.");

/// <summary>
/// Runs <see cref="PdfSignatureVerifier"/> on a PDF someone else wrote in a worker process (<c>Sicantik.PdfCheck</c>),
/// so that no parser fault reaches the host: a stack overflow, which .NET cannot catch, ends the worker only; a worker
/// past its time budget is killed; its heap is capped. A worker that fails answers "unreadable"
/// (<see cref="PdfSignatureVerification.Readable"/> false).
/// </summary>
public sealed class IsolatedPdfVerifier(TimeProvider time) : IDisposable
{
    /// <summary>The worker's assembly, next to the host's.</summary>
    public const string WorkerFileName = "Sicantik.PdfCheck.dll";

    /// <summary>How long one worker may take; a signed SK takes a fraction of a second.</summary>
    public static readonly TimeSpan Budget = TimeSpan.FromSeconds(15);

    /// <summary>The worker's GC heap limit: a 10 MB upload, PdfPig's copies and the inflate budget fit well below it.</summary>
    public const long HeapLimitBytes = 512L * 1024 * 1024;

    /// <summary>Workers running at once; a further upload is refused as busy rather than queued.</summary>
    public const int MaxWorkers = 2;

    private readonly SemaphoreSlim _workers = new(MaxWorkers, MaxWorkers);

    /// <summary>What the worker found about <paramref name="pdf"/>'s newest signature.</summary>
    /// <exception cref="PdfCheckBusyException"><see cref="MaxWorkers"/> workers are already running.</exception>
    public async Task<PdfSignatureVerification> VerifyAsync(byte[] pdf, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(pdf);
        if (!await _workers.WaitAsync(TimeSpan.Zero, cancellationToken).ConfigureAwait(false))
        {
            throw new PdfCheckBusyException();
        }

        try
        {
            return await RunWorkerAsync(pdf, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _workers.Release();
        }
    }

    private async Task<PdfSignatureVerification> RunWorkerAsync(byte[] pdf, CancellationToken cancellationToken)
    {
        using var process = new Process { StartInfo = StartInfo() };
        try
        {
            process.Start();
        }
        catch (Win32Exception e)
        {
            throw new InvalidOperationException($"The PDF check worker could not start: {e.Message}", e);
        }

        using var budget = new CancellationTokenSource(Budget, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(budget.Token, cancellationToken);
        try
        {
            var output = process.StandardOutput.ReadToEndAsync(linked.Token);
            var errors = process.StandardError.ReadToEndAsync(linked.Token);
            try
            {
                await process.StandardInput.BaseStream.WriteAsync(pdf, linked.Token).ConfigureAwait(false);
                process.StandardInput.Close();
            }
            catch (IOException)
            {
                // The worker ended before reading all of it; its exit code says why.
            }

            await process.WaitForExitAsync(linked.Token).ConfigureAwait(false);
            var json = await output.ConfigureAwait(false);
            await errors.ConfigureAwait(false);
            if (process.ExitCode != 0)
            {
                return Unreadable($"The PDF check worker ended with exit code {process.ExitCode}.");
            }

            return JsonSerializer.Deserialize<PdfSignatureVerification>(json)
                ?? Unreadable("The PDF check worker gave no result.");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return Unreadable($"The PDF check took longer than {Budget.TotalSeconds:0} s.");
        }
        catch (JsonException e)
        {
            return Unreadable("The PDF check worker's result could not be read: " + e.Message);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
    }

    public void Dispose() => _workers.Dispose();

    private static PdfSignatureVerification Unreadable(string problem) => new() { Readable = false, Problems = [problem] };

    private static ProcessStartInfo StartInfo()
    {
        var start = WorkerProcess.StartInfo(Path.Combine(AppContext.BaseDirectory, WorkerFileName), HeapLimitBytes);
        start.WorkingDirectory = AppContext.BaseDirectory;
        return start;
    }
}
