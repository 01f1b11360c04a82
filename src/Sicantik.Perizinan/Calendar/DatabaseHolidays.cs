using System.Collections.Frozen;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Sicantik.Workflows.Timers;

namespace Sicantik.Perizinan.Calendar;

/// <summary>
/// The holidays an administrator keeps in the database, for the engine's office-hours calendar. The calendar asks
/// synchronously and often, so the dates live in memory: loaded at start-up, replaced at once when an administrator
/// changes the list on this node (<see cref="HolidayService"/>), and reloaded periodically so that every node of a
/// cluster sees another node's change (the host's refresher calls <see cref="RefreshAsync"/>).
/// </summary>
public sealed class DatabaseHolidays(IServiceScopeFactory scopes) : IHolidayProvider
{
    private volatile FrozenSet<DateOnly> _dates = FrozenSet<DateOnly>.Empty;

    /// <summary>The dates as last loaded.</summary>
    public IReadOnlyCollection<DateOnly> Dates => _dates;

    /// <inheritdoc />
    public bool IsHoliday(DateOnly localDate) => _dates.Contains(localDate);

    /// <summary>Reloads every date from the database on a scope of its own.</summary>
    public async Task RefreshAsync(CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        await RefreshFromAsync(scope.ServiceProvider.GetRequiredService<PerizinanDb>(), cancellationToken);
    }

    /// <summary>Reloads every date through <paramref name="db"/> (what it has committed).</summary>
    internal async Task RefreshFromAsync(PerizinanDb db, CancellationToken cancellationToken)
    {
        var dates = await db.Set<Holiday>().AsNoTracking().Select(h => h.Date).ToListAsync(cancellationToken);
        _dates = dates.ToFrozenSet();
    }
}
