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

    public Task<int?> FindPublishedVersionAsync(string key, CancellationToken cancellationToken = default) =>
        context.Set<DefinitionRecord>().Where(d => d.Key == key && d.State == DefinitionState.Published).Select(d => (int?)d.Version).SingleOrDefaultAsync(cancellationToken);

    public async Task<IReadOnlyList<DefinitionRecord>> ListAsync(string? key = null, CancellationToken cancellationToken = default) =>
        await context.Set<DefinitionRecord>().AsNoTracking()
            .Where(d => key == null || d.Key == key)
            .OrderBy(d => d.Key)
            .ThenBy(d => d.Version)
            .ToListAsync(cancellationToken);

    public async Task SaveAsync(IReadOnlyList<DefinitionRecord> records, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(records);
        var entries = new List<Microsoft.EntityFrameworkCore.ChangeTracking.EntityEntry<DefinitionRecord>>(records.Count);
        foreach (var record in records)
        {
            foreach (var tracked in context.ChangeTracker.Entries<DefinitionRecord>().Where(e => e.Entity.Key == record.Key && e.Entity.Version == record.Version).ToList())
            {
                tracked.State = EntityState.Detached;
            }

            if (record.Revision == 0)
            {
                record.Revision = 1;
                entries.Add(context.Add(record));
            }
            else
            {
                var entry = context.Attach(record);
                entry.Property(d => d.Revision).OriginalValue = record.Revision;
                record.Revision++;
                entry.State = EntityState.Modified;
                entries.Add(entry);
            }
        }

        try
        {
            await context.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException ex)
        {
            // A stale revision, a version another node inserted first, or a second published version (the filtered
            // unique index): all are someone else's change that won.
            foreach (var (entry, record) in entries.Zip(records))
            {
                entry.State = EntityState.Detached;
                record.Revision--;
            }

            throw new WorkflowException(WorkflowError.ConcurrencyConflict, WorkflowErrors.Text("ConcurrencyConflict", records[0].Key), ex);
        }
        finally
        {
            foreach (var entry in entries)
            {
                entry.State = EntityState.Detached;
            }
        }
    }
}
