using Microsoft.EntityFrameworkCore;
using Sicantik.Workflows.EntityFrameworkCore;

namespace Sicantik.Perizinan.Tests.Support;

/// <summary>
/// The application's context as the lead will compose it (engine model + permit model on one context), without
/// depending on Sicantik.Data: created with EnsureCreated on a SQLite file per test.
/// </summary>
public sealed class TestPerizinanDbContext(DbContextOptions<TestPerizinanDbContext> options) : DbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyWorkflowModel(Database.ProviderName);
        modelBuilder.ApplyPerizinanModel(Database.ProviderName);
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        configurationBuilder.ApplyWorkflowConventions(Database.ProviderName);
    }
}
