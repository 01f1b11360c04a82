using Microsoft.EntityFrameworkCore;
using Sicantik.Data.Tests.Support;

namespace Sicantik.Data.Tests;

public sealed class DatabaseProviderTests
{
    [SkippableFact]
    public void PostgreSqlSuite_RanAgainstARealServer()
    {
        Skip.If(
            TestDatabase.Provider != DatabaseProvider.PostgreSql,
            "PostgreSQL tests did not run: this run used SQLite. Run `bash .ci/run`, or set SICANTIK_TEST_DATABASE=postgresql and SICANTIK_TEST_POSTGRES to a server's connection string.");

        Assert.False(string.IsNullOrWhiteSpace(TestDatabase.PostgresConnectionString));
    }

    [Fact]
    public void Migrations_MatchTheModel_ForEveryProvider()
    {
        using var sqlite = new SqliteSicantikDbContext(new DbContextOptionsBuilder<SqliteSicantikDbContext>().UseSqlite("Data Source=:memory:").Options);
        using var postgres = new PostgreSqlSicantikDbContext(new DbContextOptionsBuilder<PostgreSqlSicantikDbContext>().UseNpgsql("Host=localhost").Options);
        using var sqlServer = new SqlServerSicantikDbContext(new DbContextOptionsBuilder<SqlServerSicantikDbContext>().UseSqlServer("Server=localhost").Options);

        Assert.False(sqlite.Database.HasPendingModelChanges(), "SQLite migrations are behind the model: add a migration.");
        Assert.False(postgres.Database.HasPendingModelChanges(), "PostgreSQL migrations are behind the model: add a migration.");
        Assert.False(sqlServer.Database.HasPendingModelChanges(), "SQL Server migrations are behind the model: add a migration.");
        Assert.NotEmpty(sqlServer.Database.GetMigrations());
    }
}
