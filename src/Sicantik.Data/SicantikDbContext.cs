using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Sicantik.Data.Identity;
using Sicantik.Perizinan;
using Sicantik.Workflows.EntityFrameworkCore;

namespace Sicantik.Data;

/// <summary>
/// The application's one context: the engine's tables, the permit tables and ASP.NET Core Identity's, so that a step's
/// instance state, tasks, timers, outbox rows and domain data commit in one <c>SaveChanges</c>.
/// Each provider has its own subclass, so that each keeps its own migrations.
/// </summary>
public abstract class SicantikDbContext(DbContextOptions options) : IdentityDbContext<SicantikUser>(options)
{
    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.Entity<SicantikUser>(user =>
        {
            user.Property(u => u.FullName).HasMaxLength(200);
            user.Property(u => u.Nik).HasMaxLength(16);
            user.Property(u => u.Nib).HasMaxLength(13);
        });
        builder.ApplyWorkflowModel(Database.ProviderName);
        builder.ApplyPerizinanModel(Database.ProviderName);
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        configurationBuilder.ApplyWorkflowConventions(Database.ProviderName);
    }
}

/// <summary>The embedded default: a SQLite file under the app's data folder.</summary>
public sealed class SqliteSicantikDbContext(DbContextOptions<SqliteSicantikDbContext> options) : SicantikDbContext(options);

/// <summary>PostgreSQL (tested for real in CI).</summary>
public sealed class PostgreSqlSicantikDbContext(DbContextOptions<PostgreSqlSicantikDbContext> options) : SicantikDbContext(options);

/// <summary>SQL Server (compiled and migrated; not exercised on these machines).</summary>
public sealed class SqlServerSicantikDbContext(DbContextOptions<SqlServerSicantikDbContext> options) : SicantikDbContext(options);
