using Microsoft.EntityFrameworkCore;
using Sicantik.Workflows.Definitions;
using Sicantik.Workflows.Stores;

namespace Sicantik.Workflows.EntityFrameworkCore;

/// <summary>Definition versions on the application's <typeparamref name="TContext"/>.</summary>
public sealed class EfDefinitionStore<TContext>(TContext context) : IDefinitionStore
    where TContext : DbContext
{
    public Task<DefinitionRecord?> FindAsync(string key, int version, CancellationToken cancellationToken = default) =>
        context.Set<DefinitionRecord>().AsNoTracking().SingleOrDefaultAsync(d => d.Key == key && d.Version == version, cancellationToken);

    public Task<DefinitionRecord?> FindLatestAsync(string key, CancellationToken cancellationToken = default) =>
        context.Set<DefinitionRecord>().AsNoTracking().Where(d => d.Key == key).OrderByDescending(d => d.Version).FirstOrDefaultAsync(cancellationToken);

    public Task<DefinitionRecord?> FindPublishedAsync(string key, CancellationToken cancellationToken = default) =>
        context.Set<DefinitionRecord>().AsNoTracking().SingleOrDefaultAsync(d => d.Key == key && d.State == DefinitionState.Published, cancellationToken);

    /// <remarks>
    /// Every start asks this. Compiled once, with the state as a constant in its SQL, which lets SQLite and PostgreSQL use
    /// the filtered index of published versions.
    /// </remarks>
    public Task<int?> FindPublishedVersionAsync(string key, CancellationToken cancellationToken = default) =>
        PublishedVersion(context, key, cancellationToken);

    private static readonly Func<TContext, string, CancellationToken, Task<int?>> PublishedVersion = EF.CompileAsyncQuery(
        (TContext c, string key, CancellationToken _) => c.Set<DefinitionRecord>()
            .Where(d => d.Key == key && d.State == DefinitionState.Published)
            .Select(d => (int?)d.Version)
            .SingleOrDefault());

    public async Task<IReadOnlyList<DefinitionRecord>> ListAsync(string? key = null, CancellationToken cancellationToken = default) =>
        await context.Set<DefinitionRecord>().AsNoTracking()
            .Where(d => key == null || d.Key == key)
            .OrderBy(d => d.Key)
            .ThenBy(d => d.Version)
            .ToListAsync(cancellationToken);

    public async Task SaveAsync(IReadOnlyList<DefinitionRecord> records, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(records);

        // The filtered unique index allows one published version per key, and a provider may run the updates in any
        // order (EF Core sorts them by key): publishing version 1 while version 2 is published would put two published
        // rows in the table for a moment. So the versions that stop being published are written first, in the same
        // transaction, then the one that becomes published.
        var phases = records.Any(r => r.State == DefinitionState.Published) && records.Any(r => r.State != DefinitionState.Published)
            ? new[] { records.Where(r => r.State != DefinitionState.Published).ToList(), records.Where(r => r.State == DefinitionState.Published).ToList() }
            : new[] { records.ToList() };

        var entries = new List<(Microsoft.EntityFrameworkCore.ChangeTracking.EntityEntry<DefinitionRecord> Entry, DefinitionRecord Record, bool Added)>(records.Count);
        var transaction = phases.Length > 1 && context.Database.CurrentTransaction is null
            ? await context.Database.BeginTransactionAsync(cancellationToken)
            : null;
        try
        {
            foreach (var phase in phases)
            {
                foreach (var record in phase)
                {
                    foreach (var tracked in context.ChangeTracker.Entries<DefinitionRecord>().Where(e => e.Entity.Key == record.Key && e.Entity.Version == record.Version).ToList())
                    {
                        tracked.State = EntityState.Detached;
                    }

                    if (record.Revision == 0)
                    {
                        record.Revision = 1;
                        entries.Add((context.Add(record), record, true));
                    }
                    else
                    {
                        var entry = context.Attach(record);
                        entry.Property(d => d.Revision).OriginalValue = record.Revision;
                        record.Revision++;
                        entry.State = EntityState.Modified;
                        entries.Add((entry, record, false));
                    }
                }

                await context.SaveChangesAsync(cancellationToken);
            }

            if (transaction is not null)
            {
                await transaction.CommitAsync(cancellationToken);
            }
        }
        catch (DbUpdateException ex)
        {
            // A stale revision, a version another node inserted first, or a second published version (the filtered
            // unique index): all are someone else's change that won. Nothing of this save stays (the transaction
            // rolls back), so every record gets its revision back.
            foreach (var (entry, record, added) in entries)
            {
                entry.State = EntityState.Detached;
                record.Revision = added ? 0 : record.Revision - 1;
            }

            throw new WorkflowException(WorkflowError.ConcurrencyConflict, WorkflowErrors.Text("ConcurrencyConflict", records[0].Key), ex);
        }
        finally
        {
            foreach (var (entry, _, _) in entries)
            {
                entry.State = EntityState.Detached;
            }

            if (transaction is not null)
            {
                await transaction.DisposeAsync();
            }
        }
    }
}
