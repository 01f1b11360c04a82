using System.Data.Common;
using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Sicantik.Perizinan.Applications;

/// <summary>One gap-free counter per name and year (the registration numbers of 2026...).</summary>
public sealed class PermitSequence
{
    public string Name { get; set; } = string.Empty;

    public int Year { get; set; }

    /// <summary>The last number issued.</summary>
    public long Value { get; set; }

    /// <summary>Optimistic concurrency token: two steps that drew the same value cannot both commit.</summary>
    public int Revision { get; set; }
}

/// <summary>
/// Draws registration numbers. The next value is staged on the caller's context and commits with the caller's
/// <c>SaveChanges</c> (the engine's step): a step that fails or loses a race commits no number, so the sequence has no
/// gaps; a step that drew a value another step committed first fails on the row's revision, and the engine runs it again
/// on fresh state, so no two steps share a number.
/// </summary>
public sealed class RegistrationNumbers(PerizinanDb db, IServiceScopeFactory scopes, IOptions<PerizinanOptions> options)
{
    /// <summary>Stages the next number of the office's year at <paramref name="now"/> and returns it formatted.</summary>
    /// <param name="now">The step's time; the office's time zone decides the year.</param>
    /// <param name="permitTypeCode">For the pattern's <c>{code}</c>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public Task<string> NextAsync(DateTimeOffset now, string permitTypeCode, CancellationToken cancellationToken = default) =>
        NextAsync(options.Value.RegistrationSequenceName, options.Value.RegistrationNumberPattern, now, permitTypeCode, cancellationToken);

    /// <summary>Stages the next number of another of the office's sequences (Nota Dinas, SK) in the same way.</summary>
    /// <param name="sequenceName">The sequence, one row per name and year.</param>
    /// <param name="pattern">The number's pattern (checked at start-up by the options validator).</param>
    /// <param name="now">The step's time; the office's time zone decides the year.</param>
    /// <param name="permitTypeCode">For the pattern's <c>{code}</c>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public async Task<string> NextAsync(string sequenceName, string pattern, DateTimeOffset now, string permitTypeCode, CancellationToken cancellationToken = default)
    {
        var local = TimeZoneInfo.ConvertTime(now, options.Value.TimeZone);
        var sequence = await NextValueAsync(sequenceName, local.Year, cancellationToken);
        return RegistrationNumberFormat.Format(pattern, sequence, local, permitTypeCode);
    }

    private async Task<long> NextValueAsync(string name, int year, CancellationToken cancellationToken)
    {
        // Read what is committed, never a row an earlier step of this scope left tracked.
        db.Forget<PermitSequence>(s => s.Name == name && s.Year == year);
        var row = await db.Set<PermitSequence>().AsNoTracking().SingleOrDefaultAsync(s => s.Name == name && s.Year == year, cancellationToken);
        if (row is null)
        {
            await CreateRowAsync(name, year, cancellationToken);
            row = await db.Set<PermitSequence>().AsNoTracking().SingleAsync(s => s.Name == name && s.Year == year, cancellationToken);
        }

        var entry = db.Context.Attach(row);
        entry.Property(s => s.Revision).OriginalValue = row.Revision;
        row.Value++;
        row.Revision++;
        return row.Value;
    }

    /// <summary>
    /// The year's first number needs its row. It is created in a scope of its own and committed at once (a row at zero
    /// issues nothing), so that the step's own unit of work only ever updates it; two nodes creating it at once is fine.
    /// </summary>
    private async Task CreateRowAsync(string name, int year, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var context = scope.ServiceProvider.GetRequiredService<PerizinanDb>().Context;
        context.Add(new PermitSequence { Name = name, Year = year, Value = 0, Revision = 1 });
        try
        {
            await context.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException ex) when (ex.InnerException is DbException)
        {
            // Someone else created it first.
        }
    }
}

/// <summary>Formats and checks registration number patterns such as <c>503/{seq:0000}/DPMPTSP/{year}</c>.</summary>
public static partial class RegistrationNumberFormat
{
    private static readonly string[] RomanMonths = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"];

    [GeneratedRegex(@"\{(?<name>[A-Za-z]+)(:(?<format>[^}]*))?\}", RegexOptions.CultureInvariant)]
    private static partial Regex Token();

    /// <summary>What is wrong with <paramref name="pattern"/>, or <c>null</c> when it can be used.</summary>
    public static string? Check(string? pattern)
    {
        if (string.IsNullOrWhiteSpace(pattern))
        {
            return "the pattern is empty.";
        }

        var names = Token().Matches(pattern).Select(m => m.Groups["name"].Value).ToList();
        var unknown = names.Where(n => n is not ("seq" or "year" or "month" or "monthRoman" or "code")).ToList();
        if (unknown.Count > 0)
        {
            return $"unknown token(s) {string.Join(", ", unknown.Select(n => "{" + n + "}"))}; use {{seq}}, {{year}}, {{month}}, {{monthRoman}}, {{code}}.";
        }

        if (!names.Contains("seq"))
        {
            return "the pattern needs {seq} (for example {seq:0000}).";
        }

        // The sequence starts again every year; without the year two numbers would repeat.
        return names.Contains("year") ? null : "the pattern needs {year}: the sequence starts again every year.";
    }

    /// <summary>The number for <paramref name="sequence"/> issued at <paramref name="localTime"/> (the office's time).</summary>
    public static string Format(string pattern, long sequence, DateTimeOffset localTime, string permitTypeCode)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        return Token().Replace(pattern, match =>
        {
            var format = match.Groups["format"].Success ? match.Groups["format"].Value : null;
            return match.Groups["name"].Value switch
            {
                "seq" => sequence.ToString(format, CultureInfo.InvariantCulture),
                "year" => localTime.Year.ToString(format ?? "0000", CultureInfo.InvariantCulture),
                "month" => localTime.Month.ToString(format ?? "00", CultureInfo.InvariantCulture),
                "monthRoman" => RomanMonths[localTime.Month - 1],
                "code" => permitTypeCode,
                _ => match.Value,
            };
        });
    }
}
