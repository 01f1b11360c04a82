using System.Collections.Concurrent;
using System.Data.Common;
using Microsoft.EntityFrameworkCore;

namespace Sicantik.Workflows.EntityFrameworkCore;

/// <summary>
/// On SQLite, the connection this process's engine writes its steps with: one per database file, kept open, used by one
/// step at a time (under <see cref="SqliteWriters"/>). A SQLite connection drops its whole page cache whenever another
/// connection has committed, so steps written on the scopes' pooled connections in turn re-read every page they touched
/// (about 40 reads per commit with two workers, bench/README.md); on its own connection the writer's cache stays warm.
/// <para>
/// Steps that wait for the file while another step writes are written together, each in a savepoint of one transaction,
/// and committed with one flush (group commit): a commit on synchronous=FULL is most of a step's time under the writer
/// lock, so steps that arrive together no longer queue behind each other's flushes. Each step's outcome is its own (a
/// step that lost its revision check or failed rolls back to its savepoint), and no step is reported written before the
/// commit that holds it.
/// </para>
/// One per service provider; disposing it closes the connections.
/// </summary>
public sealed class SqliteStepWriter : IDisposable
{
    // Each step of a group writes inside this savepoint, released (or rolled back to) before the next step's.
    private const string SavepointName = "step";

    // What a connection's setup (the host's interceptor, the provider's defaults) may have set, copied from the context's
    // own connection so that a step commits exactly as it would there.
    private static readonly string[] Pragmas = ["synchronous", "busy_timeout", "foreign_keys"];

    private readonly Dictionary<string, DbConnection> _connections = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Waiting> _waiting = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    /// <summary>Whether steps on <paramref name="context"/> are written here (SQLite only).</summary>
    public static bool Serves(DbContext context) => DatabaseProvider.IsSqlite(context);

    /// <summary>
    /// Writes one step on the writer connection of <paramref name="context"/>'s database file: <paramref name="write"/> runs
    /// in a transaction, possibly with other steps' writes (each in its own savepoint), and returns whether the step won
    /// (<c>false</c>: it is rolled back and nothing of it is written). Returns once the transaction holding the step has
    /// committed (or rolled back); an exception from the step's write, or from the commit, is thrown here.
    /// <paramref name="write"/> must not use the context: another step's call may run it.
    /// </summary>
    public async Task<bool> WriteAsync(DbContext context, Func<DbTransaction, CancellationToken, Task<bool>> write, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(write);
        var waiting = _waiting.GetOrAdd(context.Database.GetDbConnection().DataSource, static _ => new Waiting());
        var step = new Step(write);
        lock (waiting.Lock)
        {
            waiting.Steps.Add(step);
        }

        IDisposable? turn;
        try
        {
            turn = await SqliteWriters.EnterAsync(context, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            lock (waiting.Lock)
            {
                if (waiting.Steps.Remove(step))
                {
                    throw;
                }
            }

            // Another step's group took this one before the wait was cancelled: its outcome is the group's.
            return await step.Outcome.Task;
        }

        using (turn)
        {
            // A group runs and settles all its steps under one turn; a step still unsettled now is in no group yet.
            if (!step.Outcome.Task.IsCompleted)
            {
                List<Step> group;
                lock (waiting.Lock)
                {
                    group = [.. waiting.Steps];
                    waiting.Steps.Clear();
                }

                await WriteGroupAsync(context, group);
            }
        }

        return await step.Outcome.Task;
    }

    /// <summary>
    /// The open writer connection for the context's database file. Call only while holding the file's turn
    /// (<see cref="SqliteWriters.EnterAsync"/>): the connection is not to be used by two steps at once.
    /// </summary>
    private async Task<DbConnection> ConnectionForAsync(DbContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var own = context.Database.GetDbConnection();
        var file = own.DataSource;
        lock (_lock)
        {
            if (_connections.TryGetValue(file, out var open))
            {
                return open;
            }
        }

        var connection = DbProviderFactories.GetFactory(own)?.CreateConnection()
            ?? throw new InvalidOperationException($"{own.GetType().Name} has no provider factory.");
        try
        {
            connection.ConnectionString = own.ConnectionString;
            await connection.OpenAsync(cancellationToken);
            await context.Database.OpenConnectionAsync(cancellationToken);
            try
            {
                foreach (var pragma in Pragmas)
                {
                    var value = await ScalarAsync(own, $"PRAGMA {pragma};", cancellationToken);
                    await ScalarAsync(connection, $"PRAGMA {pragma} = {Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture)};", cancellationToken);
                }
            }
            finally
            {
                await context.Database.CloseConnectionAsync();
            }
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }

        // The step's statements stay compiled on this connection (one step at a time uses it).
        PreparedCommands.Attach(connection);
        lock (_lock)
        {
            _connections[file] = connection;
        }

        return connection;
    }

    /// <summary>Closes the file's writer connection after it failed; the next step opens a new one.</summary>
    private void Discard(DbContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var file = context.Database.GetDbConnection().DataSource;
        DbConnection? connection;
        lock (_lock)
        {
            _connections.Remove(file, out connection);
        }

        Close(connection);
    }

    // The steps run with no cancellation: once a group began, each step's write is one of several in a transaction that
    // the others' callers are waiting for.
    private async Task WriteGroupAsync(DbContext context, List<Step> group)
    {
        DbTransaction transaction;
        try
        {
            var connection = await ConnectionForAsync(context, CancellationToken.None);
            transaction = await connection.BeginTransactionAsync(CancellationToken.None);
        }
        catch (Exception ex)
        {
            Discard(context);
            Settle(group, ex);
            return;
        }

        var won = new bool[group.Count];
        var failed = new Exception?[group.Count];
        try
        {
            await using (transaction)
            {
                var savepoints = group.Count > 1;
                for (var i = 0; i < group.Count; i++)
                {
                    if (savepoints)
                    {
                        await transaction.SaveAsync(SavepointName, CancellationToken.None);
                    }

                    try
                    {
                        won[i] = await group[i].Write(transaction, CancellationToken.None);
                    }
                    catch (Exception ex) when (savepoints)
                    {
                        failed[i] = ex;
                    }

                    if (savepoints)
                    {
                        if (!won[i])
                        {
                            await transaction.RollbackAsync(SavepointName, CancellationToken.None);
                        }

                        await transaction.ReleaseAsync(SavepointName, CancellationToken.None);
                    }
                }

                if (won.Contains(true))
                {
                    await transaction.CommitAsync(CancellationToken.None);
                }
                else
                {
                    await transaction.RollbackAsync(CancellationToken.None);
                }
            }
        }
        catch (Exception ex)
        {
            // The transaction, or the connection, failed (an I/O error, a file gone): no step of the group is written. The
            // next group opens a new connection.
            Discard(context);
            Settle(group, ex);
            return;
        }

        for (var i = 0; i < group.Count; i++)
        {
            if (failed[i] is { } error)
            {
                group[i].Outcome.TrySetException(error);
            }
            else
            {
                group[i].Outcome.TrySetResult(won[i]);
            }
        }
    }

    private static void Settle(List<Step> group, Exception error)
    {
        foreach (var step in group)
        {
            step.Outcome.TrySetException(error);
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            foreach (var connection in _connections.Values)
            {
                Close(connection);
            }

            _connections.Clear();
        }
    }

    private static void Close(DbConnection? connection)
    {
        if (connection is not null)
        {
            PreparedCommands.Of(connection)?.Dispose();
            connection.Dispose();
        }
    }

    private sealed class Waiting
    {
        public Lock Lock { get; } = new();

        public List<Step> Steps { get; } = [];
    }

    private sealed class Step(Func<DbTransaction, CancellationToken, Task<bool>> write)
    {
        public Func<DbTransaction, CancellationToken, Task<bool>> Write { get; } = write;

        // Settled by the group that wrote the step; its caller's continuation does not run on the group's thread.
        public TaskCompletionSource<bool> Outcome { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    private static async Task<object?> ScalarAsync(DbConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync(cancellationToken);
    }
}
