using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Sicantik.Perizinan.PermitTypes;

/// <summary>
/// Puts the office's starting catalogue (<see cref="PermitCatalog"/>) in the database. Idempotent: a type whose code is
/// already there is left as it is, so that an administrator's edits survive every restart.
/// </summary>
public sealed class PermitCatalogSeeder(PerizinanDb db, TimeProvider time, IOptions<PerizinanOptions> options)
{
    /// <summary>Adds the seed types that are missing; returns the codes it added.</summary>
    /// <exception cref="InvalidOperationException">A seed type breaks the catalogue's own rules (a programming error).</exception>
    public async Task<IReadOnlyList<string>> SeedAsync(CancellationToken cancellationToken = default)
    {
        var existing = await db.Set<PermitType>().AsNoTracking().Select(t => t.Code).ToListAsync(cancellationToken);
        var added = new List<PermitType>();
        foreach (var seed in PermitCatalog.All())
        {
            if (existing.Contains(seed.Code, StringComparer.Ordinal))
            {
                continue;
            }

            var issues = PermitTypeService.Check(seed, options.Value.MaxRequirementSizeBytes);
            if (issues.Count > 0)
            {
                throw new InvalidOperationException($"Seed permit type {seed.Code} is invalid: {string.Join(" ", issues.Select(i => i.Message))}");
            }

            var now = time.GetUtcNow();
            seed.Id = Guid.CreateVersion7(now);
            seed.CreatedAt = now;
            seed.UpdatedBy = "seed";
            seed.Revision = 1;
            added.Add(seed);
        }

        if (added.Count == 0)
        {
            return [];
        }

        db.Context.AddRange(added);
        try
        {
            await db.Context.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Another node seeded at the same moment (the unique code index refused ours): what is there stays.
            foreach (var type in added)
            {
                db.Discard(type);
            }

            return [];
        }

        foreach (var type in added)
        {
            db.Discard(type);
        }

        return added.ConvertAll(t => t.Code);
    }
}
