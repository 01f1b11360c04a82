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
