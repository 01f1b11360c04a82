using System.Data.Common;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Sicantik.Data;

namespace Sicantik.Workflows.Benchmarks;

/// <summary>
/// A fresh, empty database for one run: a SQLite file in a folder of its own under the temp folder, or a PostgreSQL
/// database <c>sicantik_bench_{pid}</c> on the given server. Disposing it deletes the file or drops the database
/// (unless it is to be kept). The migrations are applied by <see cref="Engine.CreateAsync"/>, through DatabaseMigrator.
/// </summary>
public sealed class BenchDatabase : IAsyncDisposable
{
    private readonly Func<ValueTask> _drop;

    private BenchDatabase(StoreKind store, DatabaseOptions options, string location, Func<ValueTask> drop)
    {
        Store = store;
        Options = options;
        Location = location;
        _drop = drop;
    }

    public StoreKind Store { get; }

    /// <summary>What the host would bind from its <c>Database</c> section.</summary>
    public DatabaseOptions Options { get; }

    /// <summary>The file or the database name, for the report.</summary>
    public string Location { get; }

    /// <summary>Keep the database when disposed (to look at it afterwards).</summary>
    public bool Keep { get; set; }

    /// <summary>A fresh database for <paramref name="options"/>' store, or <c>null</c> for the in-memory stores.</summary>
    public static BenchDatabase? Create(BenchOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var database = options.Store switch
        {
            StoreKind.Memory => null,
            StoreKind.Sqlite => CreateSqlite(options.SqliteSynchronous),
            StoreKind.PostgreSql => CreatePostgres(options.Postgres!, options.Experiments),
            _ => throw new ArgumentOutOfRangeException(nameof(options), options.Store, "Unknown store."),
        };
        if (database is not null)
        {
            database.Keep = options.KeepDatabase;
        }

        return database;
    }

    /// <summary>The server's version: <c>sqlite_version()</c> of the Microsoft.Data.Sqlite native library, or PostgreSQL's <c>server_version</c>.</summary>
    public async Task<string> ServerVersionAsync()
    {
        await using var connection = OpenConnection();
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = Store == StoreKind.Sqlite ? "select sqlite_version()" : "show server_version";
        var version = Convert.ToString(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
        return Store == StoreKind.Sqlite ? $"SQLite {version} (Microsoft.Data.Sqlite {typeof(SqliteConnection).Assembly.GetName().Version})" : $"PostgreSQL {version} (Npgsql {typeof(NpgsqlConnection).Assembly.GetName().Version})";
    }

    /// <summary>Adds to the options of the provider's context (EF Core's ConfigureDbContext), after AddSicantikDatabase.</summary>
    public void ConfigureContext(IServiceCollection services, Action<DbContextOptionsBuilder> configure)
    {
        // Singleton: AddSicantikDatabase may register a context pool, whose options come from the root provider.
        if (Store == StoreKind.Sqlite)
        {
            services.ConfigureDbContext<SqliteSicantikDbContext>(configure, ServiceLifetime.Singleton);
        }
        else
        {
            services.ConfigureDbContext<PostgreSqlSicantikDbContext>(configure, ServiceLifetime.Singleton);
        }
    }

    /// <summary>A new connection to the database (not opened), outside any DI scope.</summary>
    public DbConnection OpenConnection() => Store == StoreKind.Sqlite
        ? new SqliteConnection(Options.ConnectionString)
        : new NpgsqlConnection(Options.ConnectionString);

    public async ValueTask DisposeAsync()
    {
        if (Keep)
        {
            Console.WriteLine($"kept database: {Location} ({Options.ConnectionString})");
            return;
        }

        await _drop();
    }

    private static BenchDatabase CreateSqlite(SqliteSynchronous synchronous)
    {
        var folder = Path.Combine(Path.GetTempPath(), "sicantik-bench", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var file = Path.Combine(folder, "sicantik.db");
        var options = new DatabaseOptions
        {
            Provider = DatabaseProvider.Sqlite,
            DataFolder = folder,
            ConnectionString = $"Data Source={file};Pooling=True;Default Timeout=60",
            SqliteSynchronous = synchronous,
        };
        return new BenchDatabase(StoreKind.Sqlite, options, file, () =>
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
            return ValueTask.CompletedTask;
        });
    }

    private static BenchDatabase CreatePostgres(string server, IReadOnlySet<string> experiments)
    {
        var admin = new NpgsqlConnectionStringBuilder(server) { Pooling = false }.ConnectionString;
        var name = string.Create(CultureInfo.InvariantCulture, $"sicantik_bench_{Environment.ProcessId}");
        Execute(admin, $"DROP DATABASE IF EXISTS {name} WITH (FORCE)");
        Execute(admin, $"CREATE DATABASE {name}");
        var builder = new NpgsqlConnectionStringBuilder(server) { Database = name, Pooling = true };
        if (experiments.Contains(Experiments.PostgresAsyncCommit))
        {
            builder.Options = "-c synchronous_commit=off";
        }

        if (experiments.Contains(Experiments.PostgresConnection))
        {
            builder.SslMode = SslMode.Disable;
            builder.NoResetOnClose = true;
            builder.MaxAutoPrepare = 64;
        }

        var connectionString = builder.ConnectionString;
        var options = new DatabaseOptions { Provider = DatabaseProvider.PostgreSql, ConnectionString = connectionString };
        return new BenchDatabase(StoreKind.PostgreSql, options, name, () =>
        {
            // The next run creates a database of the same name: no pooled connection to this one may survive.
            NpgsqlConnection.ClearAllPools();
            Execute(admin, $"DROP DATABASE IF EXISTS {name} WITH (FORCE)");
            return ValueTask.CompletedTask;
        });
    }

    private static void Execute(string connectionString, string sql)
    {
        using var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
