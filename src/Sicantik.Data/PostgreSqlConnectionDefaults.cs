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

    /// <summary><paramref name="connectionString"/> with the defaults above where it says nothing.</summary>
    public static string Apply(string connectionString)
    {
        var given = new DbConnectionStringBuilder { ConnectionString = connectionString };
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (!given.ContainsKey("Max Auto Prepare") && !given.ContainsKey("MaxAutoPrepare"))
        {
            builder.MaxAutoPrepare = MaxAutoPrepare;
        }

        return builder.ConnectionString;
    }
}
