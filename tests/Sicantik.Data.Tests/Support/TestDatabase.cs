using Microsoft.Data.SqlClient;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Sicantik.Data;

namespace Sicantik.Data.Tests.Support;

/// <summary>
/// A fresh, migrated database per test: a SQLite file, or a PostgreSQL database cloned from a migrated template.
/// The provider comes from <c>SICANTIK_TEST_DATABASE</c>: <c>sqlite</c> (the default), <c>postgresql</c> (needs
/// <c>SICANTIK_TEST_POSTGRES</c>, the connection string .ci/postgres.sh prints) or <c>sqlserver</c> (needs
/// <c>SICANTIK_TEST_SQLSERVER</c>; see docker-compose.yml, as no SQL Server runs on the CI machines).
/// </summary>
internal sealed class TestDatabase : IAsyncDisposable
{
    private static readonly Lazy<string> PostgresTemplate = new(CreatePostgresTemplate);
    private static int _counter;

    private TestDatabase(DatabaseOptions options, Func<ValueTask> drop)
    {
        Options = options;
        Drop = drop;
    }

    public static DatabaseProvider Provider => Environment.GetEnvironmentVariable("SICANTIK_TEST_DATABASE")?.ToUpperInvariant() switch
    {
        "POSTGRESQL" => DatabaseProvider.PostgreSql,
        "SQLSERVER" => DatabaseProvider.SqlServer,
        _ => DatabaseProvider.Sqlite,
    };

    public static string? PostgresConnectionString => Environment.GetEnvironmentVariable("SICANTIK_TEST_POSTGRES");

    public DatabaseOptions Options { get; }

    public Func<ValueTask> Drop { get; }

    /// <summary>Drops the database: <c>await using var database = TestDatabase.Create();</c> in a test.</summary>
    public ValueTask DisposeAsync() => Drop();

    public static TestDatabase Create() => Provider switch
    {
        DatabaseProvider.PostgreSql => CreatePostgres(),
        DatabaseProvider.SqlServer => CreateSqlServer(),
        _ => CreateSqlite(),
    };

    /// <summary>
    /// A process on this database: the host's composition (<c>AddSicantikDatabase</c>) with <paramref name="clock"/> and a
    /// configuration of <paramref name="settings"/> only. Two of them over one database are two processes, one after the other or
    /// side by side.
    /// </summary>
    public ServiceProvider Process(TimeProvider clock, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings ?? new Dictionary<string, string?>()).Build());
        services.AddSingleton(clock);
        services.AddSicantikDatabase(Options);
        return services.BuildServiceProvider(validateScopes: true);
    }

    /// <summary>Applies the migrations, as the host does at start-up (never EnsureCreated).</summary>
    public static void Migrate(IServiceProvider provider)
    {
        using var scope = provider.CreateScope();
        var migrator = scope.ServiceProvider.GetRequiredService<DatabaseMigrator>();
        migrator.MigrateAsync().GetAwaiter().GetResult();
    }

    private static TestDatabase CreateSqlite()
    {
        var folder = Path.Combine(Path.GetTempPath(), "sicantik-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var options = new DatabaseOptions
        {
            Provider = DatabaseProvider.Sqlite,
            DataFolder = folder,
            ConnectionString = $"Data Source={Path.Combine(folder, "sicantik.db")};Pooling=False;Default Timeout=60",
        };
        return new TestDatabase(options, () =>
        {
            Directory.Delete(folder, recursive: true);
            return ValueTask.CompletedTask;
        });
    }

    private static TestDatabase CreatePostgres()
    {
        var template = PostgresTemplate.Value;
        var admin = AdminConnectionString();
        var name = $"sicantik_test_{Environment.ProcessId}_{Interlocked.Increment(ref _counter)}";
        Execute(admin, $"CREATE DATABASE {name} TEMPLATE {template}");
        var builder = new NpgsqlConnectionStringBuilder(admin) { Database = name };
        var options = new DatabaseOptions { Provider = DatabaseProvider.PostgreSql, ConnectionString = builder.ConnectionString };
        return new TestDatabase(options, () =>
        {
            NpgsqlConnection.ClearAllPools();
            Execute(admin, $"DROP DATABASE IF EXISTS {name} WITH (FORCE)");
            return ValueTask.CompletedTask;
        });
    }

    private static TestDatabase CreateSqlServer()
    {
        var server = Environment.GetEnvironmentVariable("SICANTIK_TEST_SQLSERVER")
            ?? throw new InvalidOperationException("SICANTIK_TEST_DATABASE=sqlserver needs SICANTIK_TEST_SQLSERVER, a SQL Server connection string (see docker-compose.yml).");
        var name = $"sicantik_test_{Environment.ProcessId}_{Interlocked.Increment(ref _counter)}";
        ExecuteSqlServer(server, $"CREATE DATABASE [{name}]");
        var builder = new SqlConnectionStringBuilder(server) { InitialCatalog = name };
        var options = new DatabaseOptions { Provider = DatabaseProvider.SqlServer, ConnectionString = builder.ConnectionString };
        return new TestDatabase(options, () =>
        {
            SqlConnection.ClearAllPools();
            ExecuteSqlServer(server, $"ALTER DATABASE [{name}] SET SINGLE_USER WITH ROLLBACK IMMEDIATE; DROP DATABASE [{name}]");
            return ValueTask.CompletedTask;
        });
    }

    private static void ExecuteSqlServer(string connectionString, string sql)
    {
        using var connection = new SqlConnection(new SqlConnectionStringBuilder(connectionString) { InitialCatalog = "master", Pooling = false }.ConnectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static string CreatePostgresTemplate()
    {
        var admin = AdminConnectionString();
        var template = $"sicantik_template_{Environment.ProcessId}";
        Execute(admin, $"DROP DATABASE IF EXISTS {template} WITH (FORCE)");
        Execute(admin, $"CREATE DATABASE {template}");
        var builder = new NpgsqlConnectionStringBuilder(admin) { Database = template, Pooling = false };
        var options = new DbContextOptionsBuilder<PostgreSqlSicantikDbContext>().UseNpgsql(builder.ConnectionString).Options;
        using (var context = new PostgreSqlSicantikDbContext(options))
        {
            context.Database.Migrate();
        }

        AppDomain.CurrentDomain.ProcessExit += (_, _) => Execute(admin, $"DROP DATABASE IF EXISTS {template} WITH (FORCE)");
        return template;
    }

    private static string AdminConnectionString() =>
        PostgresConnectionString
        ?? throw new InvalidOperationException("SICANTIK_TEST_DATABASE=postgresql needs SICANTIK_TEST_POSTGRES, the connection string .ci/postgres.sh prints.");

    private static void Execute(string connectionString, string sql)
    {
        using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
