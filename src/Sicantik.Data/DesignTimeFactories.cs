using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Sicantik.Data;

// Used by `dotnet ef` to build each provider's model. The connection strings only matter for `database update`;
// pass the real one with --connection (see the README).
internal sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteSicantikDbContext>
{
    public SqliteSicantikDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteSicantikDbContext>().UseSqlite("Data Source=data/sicantik.db").Options);
}

internal sealed class PostgreSqlDesignTimeFactory : IDesignTimeDbContextFactory<PostgreSqlSicantikDbContext>
{
    public PostgreSqlSicantikDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgreSqlSicantikDbContext>().UseNpgsql("Host=localhost;Database=sicantik;Username=sicantik").Options);
}

internal sealed class SqlServerDesignTimeFactory : IDesignTimeDbContextFactory<SqlServerSicantikDbContext>
{
    public SqlServerSicantikDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqlServerSicantikDbContext>().UseSqlServer("Server=localhost;Database=sicantik;Trusted_Connection=True;TrustServerCertificate=True").Options);
}
