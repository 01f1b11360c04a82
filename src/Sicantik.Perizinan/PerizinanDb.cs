using Microsoft.EntityFrameworkCore;

namespace Sicantik.Perizinan;

/// <summary>
/// The application's context as the domain sees it: the same scoped instance the engine's stores use, so that what the
/// domain stages (an application's status, a registration number) commits in the engine's <c>SaveChanges</c> when both
/// act in one step. Registered by <see cref="PerizinanBuilder.UseDbContext{TContext}"/>.
/// </summary>
public sealed class PerizinanDb(DbContext context)
{
    public DbContext Context { get; } = context;

    internal DbSet<T> Set<T>()
        where T : class => Context.Set<T>();

    /// <summary>Stops tracking every <typeparamref name="T"/> that matches, so that the next query reads what is stored.</summary>
    internal void Forget<T>(Func<T, bool> match)
        where T : class
    {
        foreach (var entry in Context.ChangeTracker.Entries<T>().Where(e => match(e.Entity)).ToList())
        {
            entry.State = EntityState.Detached;
        }
    }

    /// <summary>
    /// Discards every permit row a failed service task staged (a reserved number's use, application changes, issued documents). The
    /// engine commits a failed step with its retry state, so what the handler staged must not stay tracked: a reserved number
    /// would otherwise be taken out of its reservation without being issued, leaving a gap.
    /// </summary>
    /// <param name="stagedBefore">What was staged before the handler ran (<see cref="StagedDomainRows"/>): kept.</param>
    internal void DiscardStagedDomainChanges(IReadOnlySet<object> stagedBefore)
    {
        foreach (var entry in StagedDomainEntries().Where(e => !stagedBefore.Contains(e.Entity)).ToList())
        {
            entry.State = EntityState.Detached;
        }
    }

    /// <summary>The permit rows staged on the context now.</summary>
    internal IReadOnlySet<object> StagedDomainRows() => StagedDomainEntries().Select(e => e.Entity).ToHashSet(ReferenceEqualityComparer.Instance);

    private IEnumerable<Microsoft.EntityFrameworkCore.ChangeTracking.EntityEntry> StagedDomainEntries() =>
        Context.ChangeTracker.Entries().Where(e => e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted
            && e.Entity is Applications.NumberReservation or Applications.PermitApplication or Issuance.IssuedDocument);

    /// <summary>Discards what the caller staged on <paramref name="entity"/> (after a refused or failed step).</summary>
    internal void Discard(object entity)
    {
        var entry = Context.Entry(entity);
        if (entry.State != EntityState.Detached)
        {
            entry.State = EntityState.Detached;
        }
    }
}
