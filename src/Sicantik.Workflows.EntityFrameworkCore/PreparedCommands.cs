using System.Data.Common;
using System.Runtime.CompilerServices;

namespace Sicantik.Workflows.EntityFrameworkCore;

/// <summary>
/// Commands kept prepared on one long-lived connection (the SQLite step writer's), by SQL text: a step's statements are the
/// same few texts again and again, and a command that is prepared once keeps its compiled statements (Microsoft.Data.Sqlite
/// re-compiles a command's text on every execution unless <see cref="DbCommand.Prepare"/> was called). Only connections
/// that opted in with <see cref="Attach"/> have them; <see cref="RowBatch"/> uses them where it finds them. Not thread-safe:
/// the connection is used by one step at a time.
/// </summary>
internal sealed class PreparedCommands : IDisposable
{
    // A step's texts vary with the number of rows of a multi-row insert; a bound keeps a long-running process's cache small.
    private const int Capacity = 256;

    private static readonly ConditionalWeakTable<DbConnection, PreparedCommands> Connections = [];

    private readonly DbConnection _connection;
    private readonly Dictionary<string, DbCommand> _commands = new(StringComparer.Ordinal);

    private PreparedCommands(DbConnection connection) => _connection = connection;

    /// <summary>Keeps commands prepared on <paramref name="connection"/> from now on; dispose the result before closing it.</summary>
    public static PreparedCommands Attach(DbConnection connection)
    {
        var commands = new PreparedCommands(connection);
        Connections.AddOrUpdate(connection, commands);
        return commands;
    }

    /// <summary>The prepared commands of <paramref name="connection"/>, or <c>null</c> when it keeps none.</summary>
    public static PreparedCommands? Of(DbConnection connection) =>
        Connections.TryGetValue(connection, out var commands) ? commands : null;

    /// <summary>The command for <paramref name="text"/>, prepared, in <paramref name="transaction"/>, with no parameters.</summary>
    public DbCommand For(string text, DbTransaction transaction)
    {
        if (_commands.TryGetValue(text, out var command))
        {
            command.Transaction = transaction;
            command.Parameters.Clear();
            return command;
        }

        if (_commands.Count >= Capacity)
        {
            Clear();
        }

        command = _connection.CreateCommand();
        try
        {
            command.Transaction = transaction;
            command.CommandText = text;
            command.Prepare();
        }
        catch
        {
            command.Dispose();
            throw;
        }

        _commands.Add(text, command);
        return command;
    }

    public void Dispose()
    {
        Clear();
        Connections.Remove(_connection);
    }

    private void Clear()
    {
        foreach (var command in _commands.Values)
        {
            command.Dispose();
        }

        _commands.Clear();
    }
}
