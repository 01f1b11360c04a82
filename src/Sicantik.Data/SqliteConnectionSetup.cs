using System.Data.Common;
using System.Globalization;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;
using SQLitePCL;

namespace Sicantik.Data;

/// <summary>
/// Sets the per-connection SQLite settings once per native connection (the pool keeps them open), not on every open:
/// <c>synchronous</c> from <see cref="DatabaseOptions.SqliteSynchronous"/>, and a <c>busy_timeout</c> so that a writer
/// waiting for another's commit is woken by SQLite within milliseconds. Without it Microsoft.Data.Sqlite retries a busy
/// statement every 150 ms, and two concurrent steps ran slower than one.
/// </summary>
internal sealed class SqliteConnectionSetup(SqliteSynchronous synchronous) : DbConnectionInterceptor
{
    private static readonly ConditionalWeakTable<sqlite3, object> Configured = [];
    private static readonly object Done = new();

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        if (Pragmas(connection) is { } pragmas)
        {
            using var command = connection.CreateCommand();
            command.CommandText = pragmas;
            command.ExecuteNonQuery();
            MarkConfigured(connection);
        }
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        if (Pragmas(connection) is { } pragmas)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = pragmas;
            await command.ExecuteNonQueryAsync(cancellationToken);
            MarkConfigured(connection);
        }
    }

    private string? Pragmas(DbConnection connection)
    {
        if (connection is not SqliteConnection { Handle: { } handle } sqlite || Configured.TryGetValue(handle, out _))
        {
            return null;
        }

        var mode = synchronous == SqliteSynchronous.Normal ? "NORMAL" : "FULL";
        var busyMilliseconds = Math.Max(sqlite.DefaultTimeout, 1) * 1000L;
        return string.Create(CultureInfo.InvariantCulture, $"PRAGMA synchronous = {mode}; PRAGMA busy_timeout = {busyMilliseconds};");
    }

    private static void MarkConfigured(DbConnection connection)
    {
        if (connection is SqliteConnection { Handle: { } handle })
        {
            Configured.AddOrUpdate(handle, Done);
        }
    }
}
