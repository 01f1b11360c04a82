using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Sicantik.Shared;

namespace Sicantik.Workflows.Expressions;

/// <summary>
/// Owns one warm script-worker process and sends it one script at a time. A worker that overruns the wall clock is
/// killed; one that dies (a stack overflow or the heap cap inside the interpreter) is noticed; either way the next
/// script starts a new worker, and the script that caused it fails with an <see cref="ExpressionException"/>.
/// </summary>
internal sealed partial class ScriptWorkerClient : IDisposable
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    private readonly ScriptWorkerOptions _options;
    private readonly ExpressionOptions _limits;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private Process? _process;
    private bool _disposed;

    public ScriptWorkerClient(ScriptWorkerOptions options, ExpressionOptions limits, ILogger logger)
    {
        _options = options;
        _limits = limits;
        _logger = logger;
    }

    /// <summary>The running worker's process id, if one runs (for tests and diagnostics).</summary>
    public int? ProcessId => _process is { } process ? process.Id : null;

    public ScriptResult Run(string script, IReadOnlyDictionary<string, object?> variables)
    {
        var request = ScriptWorkerProtocol.Request(script, CultureInfo.CurrentUICulture.Name, variables);
        _gate.Wait();
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var process = Send(request, script);
            string? line;
            try
            {
                var read = process.StandardOutput.ReadLineAsync();
                if (!read.Wait(_options.Timeout))
                {
                    LogKilled(_logger, process.Id, _options.Timeout.TotalMilliseconds);
                    Stop(process);
                    throw new ExpressionException(script, ExpressionText.Format(ExpressionText.WorkerTimeout, _options.Timeout.TotalMilliseconds));
                }

                line = read.Result;
            }
            catch (AggregateException ex) when (ex.InnerException is IOException or ObjectDisposedException)
            {
                line = null;
            }

            if (line is null)
            {
                throw Died(process, script);
            }

            var exiting = false;
            try
            {
                return ScriptWorkerProtocol.ReadResponse(line, script, out exiting);
            }
            catch (JsonException ex)
            {
                exiting = true;
                throw new ExpressionException(script, ExpressionText.Format(ExpressionText.WorkerUnavailable, ex.Message), ex);
            }
            finally
            {
                if (exiting)
                {
                    Stop(process);
                }
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose()
    {
        _gate.Wait();
        try
        {
            _disposed = true;
            if (_process is { } process)
            {
                Stop(process);
            }
        }
        finally
        {
            _gate.Release();
        }

        _gate.Dispose();
    }

    // Writes the request to the warm worker; a worker that died between two scripts is replaced once.
    private Process Send(string request, string script)
    {
        for (var attempt = 0; ; attempt++)
        {
            var process = _process ?? Start(script);
            try
            {
                process.StandardInput.WriteLine(request);
                process.StandardInput.Flush();
                return process;
            }
            catch (IOException ex)
            {
                Stop(process);
                if (attempt > 0)
                {
                    throw new ExpressionException(script, ExpressionText.Format(ExpressionText.WorkerUnavailable, ex.Message), ex);
                }
            }
        }
    }

    private Process Start(string script)
    {
        var path = _options.WorkerPath ?? Path.Combine(AppContext.BaseDirectory, "Sicantik.Workflows.ScriptWorker.dll");
        var start = WorkerProcess.StartInfo(path, _options.MemoryLimitBytes);
        start.StandardInputEncoding = Utf8;
        start.StandardOutputEncoding = Utf8;
        start.StandardErrorEncoding = Utf8;
        foreach (var argument in ScriptWorkerProtocol.Arguments(_limits))
        {
            start.ArgumentList.Add(argument);
        }

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException(path);
        }
        catch (Exception ex) when (ex is Win32Exception or InvalidOperationException or IOException)
        {
            throw new ExpressionException(script, ExpressionText.Format(ExpressionText.WorkerUnavailable, ex.Message), ex);
        }

        // What the runtime prints when the worker dies (a stack overflow's trace) must not fill the pipe and block it.
        process.ErrorDataReceived += static (_, _) => { };
        process.BeginErrorReadLine();

        var ready = process.StandardOutput.ReadLineAsync();
        if (!ready.Wait(_options.StartTimeout) || ready.Result != ScriptWorkerProtocol.Ready)
        {
            Stop(process);
            throw new ExpressionException(script, ExpressionText.Format(ExpressionText.WorkerUnavailable, path));
        }

        LogStarted(_logger, process.Id);
        _process = process;
        return process;
    }

    private ExpressionException Died(Process process, string script)
    {
        var exitCode = process.WaitForExit(_options.StartTimeout) ? process.ExitCode : -1;
        LogDied(_logger, process.Id, exitCode);
        Stop(process);
        return new ExpressionException(script, ExpressionText.Format(ExpressionText.WorkerDied, exitCode));
    }

    private void Stop(Process process)
    {
        if (ReferenceEquals(_process, process))
        {
            _process = null;
        }

        try
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(_options.StartTimeout);
        }
        catch (InvalidOperationException)
        {
            // It had already exited.
        }

        process.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Script worker {ProcessId} started")]
    private static partial void LogStarted(ILogger logger, int processId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Script worker {ProcessId} killed after {TimeoutMs} ms")]
    private static partial void LogKilled(ILogger logger, int processId, double timeoutMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Script worker {ProcessId} died with exit code {ExitCode}")]
    private static partial void LogDied(ILogger logger, int processId, int exitCode);
}
