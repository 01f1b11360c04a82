using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Sicantik.Perizinan.Applications;
using Sicantik.Perizinan.Issuance;
using Sicantik.Perizinan.PermitTypes;
using Sicantik.Perizinan.Resources;

namespace Sicantik.Perizinan.Notifications;

/// <summary>A template as an administrator edits it: the source in use, whether it is an edit, the built-in one, its history.</summary>
/// <param name="Key">The template's name.</param>
/// <param name="Source">The source in use (the edit, else the built-in one).</param>
/// <param name="IsCustom">An administrator's edit is in use.</param>
/// <param name="ChangedBy">Who made the revision in use (edit or reset); <c>null</c> when nobody ever changed it.</param>
/// <param name="ChangedAt">When.</param>
/// <param name="Default">The built-in source.</param>
/// <param name="Variables">The values the template gets.</param>
/// <param name="History">Every revision, newest first.</param>
public sealed record EmailTemplateView(
    string Key,
    EmailTemplateSource Source,
    bool IsCustom,
    string? ChangedBy,
    DateTimeOffset? ChangedAt,
    EmailTemplateSource Default,
    IReadOnlyList<EmailTemplateVariable> Variables,
    IReadOnlyList<EmailTemplateHistoryEntry> History);

/// <summary>One revision in a template's history.</summary>
public sealed record EmailTemplateHistoryEntry(int Number, bool IsReset, string ChangedBy, DateTimeOffset ChangedAt, string? Subject);

/// <summary>
/// The administrator's edits of the applicant's email templates (<see cref="EmailTemplateRevision"/>): read when an email
/// is written, checked before one is saved (a template that does not parse or render is refused and nothing is saved),
/// reset to the built-in template, previewed on a sample application.
/// </summary>
public sealed class EmailTemplateStore(PerizinanDb db, EmailTemplates templates, TimeProvider time, IOptions<PerizinanOptions> options)
{
    /// <summary>The administrator's version of a template in use, or <c>null</c> for the built-in one.</summary>
    public async Task<EmailTemplateSource?> CustomAsync(string key, CancellationToken cancellationToken = default)
    {
        var newest = await db.Set<EmailTemplateRevision>().AsNoTracking()
            .Where(r => r.Key == key)
            .OrderByDescending(r => r.Number)
            .FirstOrDefaultAsync(cancellationToken);
        return newest?.Source;
    }

    /// <summary>Every template with what is in use (for the list page).</summary>
    public async Task<IReadOnlyList<EmailTemplateView>> ListAsync(CancellationToken cancellationToken = default)
    {
        var all = await db.Set<EmailTemplateRevision>().AsNoTracking().ToListAsync(cancellationToken);
        return EmailTemplates.Names.Select(k => View(k, all.Where(r => r.Key == k).ToList())).ToList();
    }

    /// <summary>One template; <see cref="PerizinanError.NotFound"/> for a name that is not a template.</summary>
    public async Task<EmailTemplateView> GetAsync(string key, CancellationToken cancellationToken = default)
    {
        Known(key);
        var revisions = await db.Set<EmailTemplateRevision>().AsNoTracking().Where(r => r.Key == key).ToListAsync(cancellationToken);
        return View(key, revisions);
    }

    /// <summary>
    /// Saves an edit after checking it (<see cref="EmailTemplates.CheckAsync"/>); refused with
    /// <see cref="PerizinanError.EmailTemplateInvalid"/> and every issue, and then nothing is saved.
    /// </summary>
    public async Task<EmailTemplateView> SaveAsync(string key, EmailTemplateSource source, string userId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        Known(key);
        var issues = await EmailTemplates.CheckAsync(source);
        if (issues.Count > 0)
        {
            throw new PerizinanException(PerizinanError.EmailTemplateInvalid, PerizinanText.Message("EmailTemplateInvalid", string.Join(" ", issues.Select(i => i.Message))), issues);
        }

        await AddAsync(key, source, userId, cancellationToken);
        return await GetAsync(key, cancellationToken);
    }

    /// <summary>Puts the built-in template back (kept in the history as a reset).</summary>
    public async Task<EmailTemplateView> ResetAsync(string key, string userId, CancellationToken cancellationToken = default)
    {
        Known(key);
        if (await CustomAsync(key, cancellationToken) is not null)
        {
            await AddAsync(key, null, userId, cancellationToken);
        }

        return await GetAsync(key, cancellationToken);
    }

    /// <summary>
    /// Renders <paramref name="source"/> (or the template in use) on the built-in sample application, or on a real one
    /// (<paramref name="application"/>: its id or registration number), as the applicant would receive it; a template that
    /// does not parse or render is refused as <see cref="SaveAsync"/> refuses it.
    /// </summary>
    public async Task<RenderedEmail> PreviewAsync(string key, EmailTemplateSource? source, Uri siteBase, string? application = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(siteBase);
        Known(key);
        if (source is not null)
        {
            var issues = await EmailTemplates.CheckAsync(source);
            if (issues.Count > 0)
            {
                throw new PerizinanException(PerizinanError.EmailTemplateInvalid, PerizinanText.Message("EmailTemplateInvalid", string.Join(" ", issues.Select(i => i.Message))), issues);
            }
        }

        var values = string.IsNullOrWhiteSpace(application)
            ? EmailTemplates.SampleValues(siteBase)
            : await ValuesOfAsync(application.Trim(), siteBase, cancellationToken);
        source ??= await CustomAsync(key, cancellationToken);
        return await templates.RenderAsync(key, values, source);
    }

    /// <summary>The values a real application's emails get, as far as its stored rows tell them.</summary>
    private async Task<IReadOnlyDictionary<string, string?>> ValuesOfAsync(string reference, Uri siteBase, CancellationToken cancellationToken)
    {
        var applications = db.Set<PermitApplication>().AsNoTracking();
        var found = Guid.TryParse(reference, out var id)
            ? await applications.FirstOrDefaultAsync(a => a.Id == id, cancellationToken)
            : await applications.FirstOrDefaultAsync(a => a.Number == reference, cancellationToken);
        if (found is null)
        {
            throw new PerizinanException(PerizinanError.NotFound, PerizinanText.Message("EmailPreviewApplicationUnknown", reference));
        }

        var typeName = await db.Set<PermitType>().AsNoTracking().Where(t => t.Code == found.PermitTypeCode).Select(t => t.Name).FirstOrDefaultAsync(cancellationToken);
        var sk = await db.Set<IssuedDocument>().AsNoTracking()
            .Where(d => d.ApplicationId == found.Id && d.Kind == IssuedDocumentKind.Sk && d.SupersededAt == null)
            .Select(d => d.Number).FirstOrDefaultAsync(cancellationToken);
        var settings = options.Value;
        var local = TimeZoneInfo.ConvertTime(found.SubmittedAt ?? time.GetUtcNow(), TimeZoneInfo.FindSystemTimeZoneById(settings.TimeZoneId));
        string Link(string path) => new Uri(siteBase, $"{path}/{found.Id:D}").ToString();
        return new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["kantor"] = "DPMPTSP",
            ["nama"] = found.ApplicantName,
            ["izin"] = typeName ?? found.PermitTypeCode,
            ["nomor_pendaftaran"] = found.Number,
            ["nomor_sk"] = sk,
            ["catatan"] = found.DecisionNote,
            ["alasan"] = found.DecisionNote,
            ["waktu"] = local.ToString("d MMMM yyyy HH.mm", CultureInfo.GetCultureInfo("id-ID")) + " " + settings.TimeZoneLabel,
            ["tautan_lacak"] = Link("Pemohon/Lacak"),
            ["tautan_permohonan"] = Link("Pemohon/Permohonan"),
            ["tautan_survei"] = Link("Pemohon/Survei"),
            ["ada_lampiran"] = found.Number is null ? null : "ya",
        };
    }

    private async Task AddAsync(string key, EmailTemplateSource? source, string userId, CancellationToken cancellationToken)
    {
        var last = await db.Set<EmailTemplateRevision>().Where(r => r.Key == key).MaxAsync(r => (int?)r.Number, cancellationToken) ?? 0;
        var now = time.GetUtcNow();
        var revision = new EmailTemplateRevision
        {
            Id = Guid.CreateVersion7(now),
            Key = key,
            Subject = source?.Subject,
            Text = source?.Text,
            Html = source?.Html,
            IsReset = source is null,
            ChangedBy = userId,
            ChangedAt = now,
            Number = last + 1,
        };
        db.Set<EmailTemplateRevision>().Add(revision);
        try
        {
            await db.Context.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException ex)
        {
            db.Discard(revision);
            throw new PerizinanException(PerizinanError.ConcurrencyConflict, PerizinanText.Message("EmailTemplateConflict"), null, ex);
        }
    }

    private static void Known(string key)
    {
        if (!EmailTemplates.IsKnown(key))
        {
            throw new PerizinanException(PerizinanError.NotFound, PerizinanText.Message("EmailTemplateUnknown", key, string.Join(", ", EmailTemplates.Names)));
        }
    }

    private static EmailTemplateView View(string key, List<EmailTemplateRevision> revisions)
    {
        var ordered = revisions.OrderByDescending(r => r.Number).ToList();
        var newest = ordered.FirstOrDefault();
        var builtIn = EmailTemplates.Default(key);
        return new EmailTemplateView(
            key,
            newest?.Source ?? builtIn,
            newest?.Source is not null,
            newest?.ChangedBy,
            newest?.ChangedAt,
            builtIn,
            EmailTemplates.Variables(key),
            ordered.Select(r => new EmailTemplateHistoryEntry(r.Number, r.IsReset, r.ChangedBy, r.ChangedAt, r.Subject)).ToList());
    }
}
