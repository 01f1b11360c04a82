using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Sicantik.Workflows.Benchmarks;

/// <summary>
/// Catches the queries EF Core sends while armed (SQL text and parameters), so that their plans can be asked for with
/// exactly what the engine sent. Unarmed it only reads a flag.
/// </summary>
public sealed class CommandCapture : DbCommandInterceptor
{
    private readonly Lock _lock = new();
    private readonly List<CapturedCommand> _captured = [];
    private volatile bool _armed;

    public void Arm()
    {
        lock (_lock)
        {
            _captured.Clear();
        }

        _armed = true;
    }

    /// <summary>The queries sent since <see cref="Arm"/>, in order.</summary>
    public IReadOnlyList<CapturedCommand> Take()
    {
        _armed = false;
        lock (_lock)
        {
            return [.. _captured];
        }
    }

    public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
    {
        Capture(command);
        return result;
    }

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        Capture(command);
        return ValueTask.FromResult(result);
    }

    private void Capture(DbCommand command)
    {
        if (!_armed)
        {
            return;
        }

        var captured = new CapturedCommand(command.CommandText, [.. command.Parameters.Cast<DbParameter>().Select(p => new CapturedParameter(p))]);
        lock (_lock)
        {
            _captured.Add(captured);
        }
    }
}

/// <summary>A query's text and parameters.</summary>
public sealed record CapturedCommand(string Text, IReadOnlyList<CapturedParameter> Parameters)
{
    /// <summary>The parameters again, for another command of the same provider.</summary>
    public DbParameter[] Copy(DbCommand target)
    {
        ArgumentNullException.ThrowIfNull(target);
        return [.. Parameters.Select(p => p.CopyFor(target))];
    }
}

/// <summary>One parameter: a copy made while the command was alive.</summary>
public sealed class CapturedParameter
{
    private readonly DbParameter _original;

    public CapturedParameter(DbParameter parameter)
    {
        ArgumentNullException.ThrowIfNull(parameter);
        _original = parameter is ICloneable cloneable ? (DbParameter)cloneable.Clone() : parameter;
        ParameterName = parameter.ParameterName;
        Value = parameter.Value;
        DbType = parameter.DbType;
        Size = parameter.Size;
    }

    public string ParameterName { get; }

    public object? Value { get; }

    public System.Data.DbType DbType { get; }

    public int Size { get; }

    public DbParameter CopyFor(DbCommand target)
    {
        ArgumentNullException.ThrowIfNull(target);
        if (_original is ICloneable cloneable)
        {
            return (DbParameter)cloneable.Clone();
        }

        var copy = target.CreateParameter();
        copy.ParameterName = ParameterName;
        copy.Value = Value;
        copy.DbType = DbType;
        copy.Size = Size;
        return copy;
    }
}
