using System.Data.Common;
using Npgsql;

namespace Sicantik.Data;

/// <summary>
/// Settings Sicantik gives a PostgreSQL connection string that does not choose them itself. An operator's own value
/// always wins, including an explicit 0.
/// </summary>
public static class PostgreSqlConnectionDefaults
{
    /// <summary>
    /// Statements Npgsql prepares on the server once used a few times (<c>Max Auto Prepare</c>). An engine step runs the
    /// same few statements over and over; prepared, PostgreSQL skips parsing and planning them and Npgsql skips reading
    /// their row descriptions: about twice the steps per second on the SOP benchmark (bench/README.md).
    /// </summary>
    public const int MaxAutoPrepare = 64;

    /// <summary>
    /// Whether a connection going back to the pool skips the reset of its session (<c>No Reset On Close</c>). The reset,
    /// sent each time an engine command gives its connection back, is a few unprepared statements (CLOSE ALL, UNLISTEN *,
    /// pg_advisory_unlock_all, DISCARD SEQUENCES and TEMP) that PostgreSQL parses every time: about a tenth of the SOP
    /// benchmark's rate (bench/README.md). Sicantik's context keeps no session state (no SET, temporary tables, LISTEN or
    /// advisory locks); Npgsql still rolls back a transaction left open.
    /// </summary>
    public const bool NoResetOnClose = true;

    /// <summary><paramref name="connectionString"/> with the defaults above where it says nothing of them.</summary>
    public static string Apply(string connectionString)
    {
        var given = new DbConnectionStringBuilder { ConnectionString = connectionString };
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (!given.ContainsKey("Max Auto Prepare") && !given.ContainsKey("MaxAutoPrepare"))
        {
            builder.MaxAutoPrepare = MaxAutoPrepare;
        }

        if (!given.ContainsKey("No Reset On Close") && !given.ContainsKey("NoResetOnClose"))
        {
            builder.NoResetOnClose = NoResetOnClose;
        }

        return builder.ConnectionString;
    }
}
