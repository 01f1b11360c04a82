using System.Data.Common;
using System.Diagnostics;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Sicantik.Workflows.Benchmarks;

/// <summary>
/// <c>--show-sql</c>: records every command EF Core sends while switched on (text, statements, time from execute to
/// reader closed or rows affected), to show what one driven instance costs the database.
/// </summary>
public sealed class SqlLog : DbCommandInterceptor, IDbTransactionInterceptor
{
    private readonly Lock _lock = new();
    private readonly List<(string Text, double Milliseconds)> _commands = [];
    private readonly Dictionary<object, long> _started = [];
    private volatile bool _on;

    public void Start()
    {
        lock (_lock)
        {
            _commands.Clear();
            _started.Clear();
        }

        _on = true;
    }

    public IReadOnlyList<(string Text, double Milliseconds)> Stop()
    {
        _on = false;
        lock (_lock)
        {
            return [.. _commands];
        }
    }

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        Begin(command);
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
    {
        Begin(command);
        return result;
    }

    public override InterceptionResult DataReaderClosing(DbCommand command, DataReaderClosingEventData eventData, InterceptionResult result)
    {
        End(command);
        return result;
    }

    public override ValueTask<InterceptionResult> DataReaderClosingAsync(DbCommand command, DataReaderClosingEventData eventData, InterceptionResult result)
    {
        End(command);
        return ValueTask.FromResult(result);
    }

    public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Begin(command);
        return ValueTask.FromResult(result);
    }

    public override ValueTask<int> NonQueryExecutedAsync(DbCommand command, CommandExecutedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        End(command);
        return ValueTask.FromResult(result);
    }

    public ValueTask<InterceptionResult<DbTransaction>> TransactionStartingAsync(DbConnection connection, TransactionStartingEventData eventData, InterceptionResult<DbTransaction> result, CancellationToken cancellationToken = default)
    {
        Begin(connection);
        return ValueTask.FromResult(result);
    }

    public ValueTask<DbTransaction> TransactionStartedAsync(DbConnection connection, TransactionEndEventData eventData, DbTransaction result, CancellationToken cancellationToken = default)
    {
        End(connection, "BEGIN (transaction)");
        return ValueTask.FromResult(result);
    }

    public ValueTask<InterceptionResult> TransactionCommittingAsync(DbTransaction transaction, TransactionEventData eventData, InterceptionResult result, CancellationToken cancellationToken = default)
    {
        Begin(transaction);
        return ValueTask.FromResult(result);
    }

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        End(transaction, "COMMIT");
        return Task.CompletedTask;
    }

    private void Begin(object key)
    {
        if (!_on)
        {
            return;
        }

        lock (_lock)
        {
            _started[key] = Stopwatch.GetTimestamp();
        }
    }

    private void End(DbCommand command) => End(command, command.CommandText);

    private void End(object key, string text)
    {
        if (!_on)
        {
            return;
        }

        lock (_lock)
        {
            if (_started.Remove(key, out var started))
            {
                _commands.Add((text, Stopwatch.GetElapsedTime(started).TotalMilliseconds));
            }
        }
    }
}
