using System.Data.Common;
using Microsoft.EntityFrameworkCore;

namespace Sicantik.Workflows.EntityFrameworkCore;

/// <summary>
/// On SQLite, the connection this process's engine writes its steps with: one per database file, kept open, used by one
/// step at a time (under <see cref="SqliteWriters"/>). A SQLite connection drops its whole page cache whenever another
/// connection has committed, so steps written on the scopes' pooled connections in turn re-read every page they touched
/// (about 40 reads per commit with two workers, bench/README.md); on its own connection the writer's cache stays warm.
/// One per service provider; disposing it closes the connections.
/// </summary>
public sealed class SqliteStepWriter : IDisposable
{
    // What a connection's setup (the host's interceptor, the provider's defaults) may have set, copied from the context's
    // own connection so that a step commits exactly as it would there.
    private static readonly string[] Pragmas = ["synchronous", "busy_timeout", "foreign_keys"];

    private readonly Dictionary<string, DbConnection> _connections = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    /// <summary>Whether steps on <paramref name="context"/> are written here (SQLite only).</summary>
    public static bool Serves(DbContext context) => DatabaseProvider.IsSqlite(context);

    /// <summary>
    /// The open writer connection for the context's database file. Call only while holding the file's turn
    /// (<see cref="SqliteWriters.EnterAsync"/>): the connection is not to be used by two steps at once.
    /// </summary>
    public async Task<DbConnection> ConnectionForAsync(DbContext context, CancellationToken cancellationToken)
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

        lock (_lock)
        {
            _connections[file] = connection;
        }

        return connection;
    }

    /// <summary>Closes the file's writer connection after it failed; the next step opens a new one.</summary>
    public void Discard(DbContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var file = context.Database.GetDbConnection().DataSource;
        DbConnection? connection;
        lock (_lock)
        {
            _connections.Remove(file, out connection);
        }

        connection?.Dispose();
    }

    public void Dispose()
    {
        lock (_lock)
        {
            foreach (var connection in _connections.Values)
            {
                connection.Dispose();
            }

            _connections.Clear();
        }
    }

    private static async Task<object?> ScalarAsync(DbConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync(cancellationToken);
    }
}
