using System.ComponentModel.DataAnnotations;

namespace Sicantik.Data;

/// <summary>The database providers Sicantik runs on.</summary>
public enum DatabaseProvider
{
    Sqlite,
    PostgreSql,
    SqlServer,
}

/// <summary>How long an SQLite commit waits for the disk (<c>PRAGMA synchronous</c>; the database runs in WAL mode).</summary>
public enum SqliteSynchronous
{
    /// <summary>
    /// Every commit is flushed to disk before it returns: a step the engine reported done survives a power loss.
    /// </summary>
    Full,

    /// <summary>
    /// Commits are flushed at WAL checkpoints only: a step survives a crash of the application, but the last steps
    /// before a power loss or an operating-system crash may be rolled back (the file stays consistent). Several times
    /// faster on disks with slow flushes (bench/README.md).
    /// </summary>
    Normal,
}

/// <summary>Which database, chosen by configuration (section <c>Database</c>), never by sniffing the environment.</summary>
public sealed class DatabaseOptions
{
    public const string SectionName = "Database";

    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>The provider's connection string; for SQLite, empty means <c>{DataFolder}/sicantik.db</c>.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>Where the embedded database and other local data live.</summary>
    [Required]
    public string DataFolder { get; set; } = "data";

    /// <summary>
    /// SQLite only: <see cref="SqliteSynchronous.Full"/> (the default: a completed step is on disk) or
    /// <see cref="SqliteSynchronous.Normal"/> (faster; the last steps may be lost to a power loss, not to an app crash).
    /// </summary>
    public SqliteSynchronous SqliteSynchronous { get; set; } = SqliteSynchronous.Full;

    /// <summary>Apply pending migrations at start-up (the default). Operators who apply them by hand set it off.</summary>
    public bool MigrateOnStartup { get; set; } = true;

    /// <summary>The connection string to use: the configured one, or the SQLite file under <see cref="DataFolder"/>.</summary>
    public string ResolveConnectionString()
    {
        if (!string.IsNullOrWhiteSpace(ConnectionString))
        {
            return ConnectionString;
        }

        if (Provider != DatabaseProvider.Sqlite)
        {
            throw new InvalidOperationException($"Database:ConnectionString is required for the {Provider} provider.");
        }

        return $"Data Source={Path.Combine(Path.GetFullPath(DataFolder), "sicantik.db")}";
    }
}
