using Hangfire;
using Hangfire.InMemory;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;
using Hangfire.SqlServer;

namespace Sicantik.Workflows.Hangfire;

/// <summary>Hangfire's storage for the host's database provider (<c>Database:Provider</c>).</summary>
public static class HangfireStorageFactory
{
    /// <summary>
    /// Creates the storage Hangfire uses beside the application's database:
    /// <list type="bullet">
    /// <item><c>Sqlite</c> (the embedded default) and <c>InMemory</c>: Hangfire.InMemory. Jobs do not survive a restart;
    /// the recurring sweeps fire what they would have, at most one sweep period late.</item>
    /// <item><c>PostgreSql</c> (or <c>Postgres</c>, <c>Npgsql</c>): Hangfire.PostgreSql in schema <c>hangfire</c>.</item>
    /// <item><c>SqlServer</c>: Hangfire.SqlServer in schema <c>HangFire</c>; the host supplies the SQL client
    /// (Microsoft.Data.SqlClient, which EF Core's SQL Server provider brings).</item>
    /// </list>
    /// Both database storages create their schema on first use.
    /// </summary>
    /// <param name="provider">The provider name, in any case.</param>
    /// <param name="connectionString">The database's connection string; unused for in-memory storage.</param>
    /// <exception cref="ArgumentException">The provider is unknown, or a database provider has no connection string.</exception>
    public static JobStorage Create(string provider, string? connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(provider);
        switch (provider.Trim().ToUpperInvariant())
        {
            case "SQLITE":
            case "INMEMORY":
                return new InMemoryStorage();
            case "POSTGRESQL":
            case "POSTGRES":
            case "NPGSQL":
                ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
                var postgres = new PostgreSqlStorageOptions();
                return new PostgreSqlStorage(new NpgsqlConnectionFactory(connectionString, postgres, null), postgres);
            case "SQLSERVER":
                ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
                return new SqlServerStorage(connectionString, new SqlServerStorageOptions());
            default:
                throw new ArgumentException($"Unknown database provider '{provider}' for Hangfire's storage; expected Sqlite, InMemory, PostgreSql or SqlServer.", nameof(provider));
        }
    }
}
