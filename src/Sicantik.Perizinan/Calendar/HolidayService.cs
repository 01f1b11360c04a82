using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Sicantik.Perizinan.Resources;

namespace Sicantik.Perizinan.Calendar;

/// <summary>
/// The office's holiday list, kept by administrators: list a year, add a date with its description, remove a date.
/// Every change reloads the in-memory list the office-hours calendar reads (<see cref="DatabaseHolidays"/>), so a step
/// whose baku mutu is counted after the change skips the new holiday. Timers already running keep the due time they
/// were given.
/// </summary>
public sealed class HolidayService(PerizinanDb db, DatabaseHolidays holidays, TimeProvider time, IOptions<PerizinanOptions> options)
{
    /// <summary>The earliest year the list takes.</summary>
    public const int MinYear = 2000;

    /// <summary>The latest year the list takes.</summary>
    public const int MaxYear = 2100;

    /// <summary>What a form says when the description is missing.</summary>
    public static string NameRequiredMessage => PerizinanText.Message("HolidayNameRequired");

    /// <summary>This year in the office's time zone.</summary>
    public int CurrentYear() =>
        TimeZoneInfo.ConvertTime(time.GetUtcNow(), TimeZoneInfo.FindSystemTimeZoneById(options.Value.TimeZoneId)).Year;

    /// <summary>The holidays of <paramref name="year"/>, in date order.</summary>
    /// <exception cref="PerizinanException"><see cref="PerizinanError.HolidayInvalid"/> for a year outside 2000–2100.</exception>
    public async Task<IReadOnlyList<Holiday>> ListAsync(int year, CancellationToken cancellationToken = default)
    {
        if (year is < MinYear or > MaxYear)
        {
            throw Invalid("year", PerizinanText.Message("HolidayYearOutOfRange", year, MinYear, MaxYear));
        }

        var from = new DateOnly(year, 1, 1);
        var to = new DateOnly(year, 12, 31);
        return await db.Set<Holiday>().AsNoTracking()
            .Where(h => h.Date >= from && h.Date <= to)
            .OrderBy(h => h.Date)
            .ToListAsync(cancellationToken);
    }

    /// <summary>Adds a holiday.</summary>
    /// <exception cref="PerizinanException">
    /// <see cref="PerizinanError.HolidayInvalid"/> (no description, too long, a year outside 2000–2100) or
    /// <see cref="PerizinanError.HolidayDuplicate"/> (the date is on the list already).
    /// </exception>
    public async Task<Holiday> AddAsync(DateOnly date, string? name, string? createdBy, CancellationToken cancellationToken = default)
    {
        var issues = new List<PerizinanIssue>();
        if (date.Year is < MinYear or > MaxYear)
        {
            issues.Add(new PerizinanIssue("date", PerizinanText.Message("HolidayYearOutOfRange", date.Year, MinYear, MaxYear)));
        }

        var trimmed = name?.Trim() ?? string.Empty;
        if (trimmed.Length == 0)
        {
            issues.Add(new PerizinanIssue("name", PerizinanText.Message("HolidayNameRequired")));
        }
        else if (trimmed.Length > HolidayModel.MaxNameLength)
        {
            issues.Add(new PerizinanIssue("name", PerizinanText.Message("HolidayNameTooLong", HolidayModel.MaxNameLength)));
        }

        if (issues.Count > 0)
        {
            throw new PerizinanException(PerizinanError.HolidayInvalid, string.Join(" ", issues.Select(i => i.Message)), issues);
        }

        if (await FindAsync(date, cancellationToken) is { } existing)
        {
            throw Duplicate(existing);
        }

        var holiday = new Holiday { Date = date, Name = trimmed, CreatedBy = createdBy, CreatedAt = time.GetUtcNow() };
        db.Set<Holiday>().Add(holiday);
        try
        {
            await db.Context.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException ex)
        {
            // Another administrator added the same date in the meantime: the key refused the second row.
            db.Discard(holiday);
            throw await FindAsync(date, cancellationToken) is { } other ? Duplicate(other) : new PerizinanException(PerizinanError.ConcurrencyConflict, ex.Message, null, ex);
        }

        db.Discard(holiday);
        await holidays.RefreshFromAsync(db, cancellationToken);
        return holiday;
    }

    /// <summary>Removes the holiday on <paramref name="date"/>.</summary>
    /// <exception cref="PerizinanException"><see cref="PerizinanError.NotFound"/> when the date is not on the list.</exception>
    public async Task RemoveAsync(DateOnly date, CancellationToken cancellationToken = default)
    {
        var removed = await db.Set<Holiday>().Where(h => h.Date == date).ExecuteDeleteAsync(cancellationToken);
        if (removed == 0)
        {
            throw new PerizinanException(PerizinanError.NotFound, PerizinanText.Message("HolidayNotFound", Format(date)));
        }

        await holidays.RefreshFromAsync(db, cancellationToken);
    }

    private Task<Holiday?> FindAsync(DateOnly date, CancellationToken cancellationToken) =>
        db.Set<Holiday>().AsNoTracking().SingleOrDefaultAsync(h => h.Date == date, cancellationToken);

    private static PerizinanException Duplicate(Holiday existing) => new(
        PerizinanError.HolidayDuplicate,
        PerizinanText.Message("HolidayDuplicate", Format(existing.Date), existing.Name),
        [new PerizinanIssue("date", PerizinanText.Message("HolidayDuplicate", Format(existing.Date), existing.Name))]);

    private static PerizinanException Invalid(string key, string message) => new(PerizinanError.HolidayInvalid, message, [new PerizinanIssue(key, message)]);

    /// <summary>A date as the office writes it (<c>17 Agustus 2030</c>).</summary>
    public static string Format(DateOnly date) => date.ToString("d MMMM yyyy", System.Globalization.CultureInfo.GetCultureInfo("id-ID"));
}
