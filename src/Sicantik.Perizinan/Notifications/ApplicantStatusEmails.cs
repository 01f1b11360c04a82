using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Sicantik.Perizinan.Applications;
using Sicantik.Perizinan.Issuance;
using Sicantik.Workflows.History;

namespace Sicantik.Perizinan.Notifications;

/// <summary>
/// Writes the applicant's status emails to the outbox in the transaction of the step that changed the status: it reads
/// the engine's history of each command before the command is saved (an <see cref="IHistoryObserver"/>), so one place
/// sees every status change the SOP names, whether a service task (the receipt), a person (a returned file, the
/// handover) or the process's end (a rejection) made it. Messages are rendered here, from the instance's variables, and
/// sent after commit by the host's deliverer of topic <see cref="EmailTopic.Name"/>.
/// </summary>
/// <remarks>
/// The registration carries the receipt and the rejection its Nota Dinas: the <see cref="IssuedDocument"/> the same step
/// staged (or, on a re-run, the current one), attached by reference (its SHA-256 in the file store), read at send time.
/// </remarks>
public sealed class ApplicantStatusEmails(PerizinanDb db, IApplicantMailbox mailbox, EmailTemplates templates, EmailTemplateStore store, IOptions<PerizinanOptions> options) : IHistoryObserver
{
    /// <summary>The receipt service task (<c>tanda-terima</c>).</summary>
    public const string TerbitkanTandaTerima = "Task_TerbitkanTandaTerima";

    /// <summary>The signature service task (<c>tanda-tangan-sk</c>).</summary>
    public const string TandatanganiSk = "Task_TandatanganiSK";

    private static readonly CultureInfo Indonesian = CultureInfo.GetCultureInfo("id-ID");

    public async Task ObserveAsync(HistoryObservation observation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(observation);
        if (!Guid.TryParse(observation.BusinessKey, out var applicationId))
        {
            return;
        }

        foreach (var kind in KindsOf(observation.Events))
        {
            if (kind == ApplicantEmailKind.Registered && await WasRegisteredBeforeAsync(applicationId, cancellationToken))
            {
                continue;
            }

            await WriteAsync(observation, applicationId, kind, cancellationToken);
        }
    }

    /// <summary>The status changes a command's history tells, in the order they happened.</summary>
    public static IEnumerable<ApplicantEmailKind> KindsOf(IEnumerable<HistoryEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        foreach (var e in events)
        {
            ApplicantEmailKind? kind = (e.Type, e.ElementId) switch
            {
                (HistoryEventType.InstanceStarted, _) => ApplicantEmailKind.Submitted,
                (HistoryEventType.TaskCreated, SopElements.LengkapiBerkas) => ApplicantEmailKind.ReturnedForCompletion,
                (HistoryEventType.TaskCreated, SopElements.PerbaikiBerkas) => ApplicantEmailKind.ReturnedForCorrection,
                (HistoryEventType.ServiceTaskCompleted, TerbitkanTandaTerima) => ApplicantEmailKind.Registered,
                (HistoryEventType.EndEventReached, SopElements.EndDitolak) => ApplicantEmailKind.Rejected,
                (HistoryEventType.ServiceTaskCompleted, TandatanganiSk) => ApplicantEmailKind.SkSigned,
                (HistoryEventType.EndEventReached, SopElements.EndTerbit) => ApplicantEmailKind.HandedOver,
                _ => null,
            };
            if (kind is { } found)
            {
                yield return found;
            }
        }
    }

    // A second pass through the receipt (the file came back to the counter) keeps its number: the applicant has it already.
    private async Task<bool> WasRegisteredBeforeAsync(Guid applicationId, CancellationToken cancellationToken) =>
        await db.Set<PermitApplication>().AsNoTracking()
            .Where(a => a.Id == applicationId)
            .Select(a => a.Number)
            .FirstOrDefaultAsync(cancellationToken) is not null;

    private async Task WriteAsync(HistoryObservation observation, Guid applicationId, ApplicantEmailKind kind, CancellationToken cancellationToken)
    {
        var variables = observation.Variables;
        var applicantId = Text(variables, SopVariables.Pemohon);
        if (applicantId is null || await mailbox.FindAsync(applicantId, cancellationToken) is not { } recipient)
        {
            return;
        }

        var number = Text(variables, SopVariables.NomorPendaftaran);
        // Only the receipt travels: the rejection's Nota Dinas is an internal memo (IssuedDocumentService.IsForApplicant),
        // and the rejection email carries its reason.
        var attachment = kind == ApplicantEmailKind.Registered
            ? await IssuedAsync(applicationId, IssuedDocumentKind.TandaTerima, cancellationToken)
            : null;
        var values = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["kantor"] = "DPMPTSP",
            ["nama"] = Text(variables, SopVariables.NamaPemohon) ?? recipient.Name,
            ["izin"] = Text(variables, SopVariables.NamaIzin) ?? Text(variables, SopVariables.JenisIzin),
            ["nomor_pendaftaran"] = number,
            ["nomor_sk"] = Text(variables, SopVariables.NomorSk),
            ["catatan"] = Text(variables, SopVariables.Catatan),
            ["alasan"] = Text(variables, SopVariables.Alasan),
            ["waktu"] = When(observation.Now),
            ["tautan_lacak"] = mailbox.PageUrl($"/Pemohon/Lacak/{applicationId:D}").ToString(),
            ["tautan_permohonan"] = mailbox.PageUrl($"/Pemohon/Permohonan/{applicationId:D}").ToString(),
            ["tautan_survei"] = mailbox.PageUrl($"/Pemohon/Survei/{applicationId:D}").ToString(),
            ["ada_lampiran"] = attachment is null ? null : "ya",
        };
        var name = EmailTemplates.NameOf(kind);
        var rendered = await templates.RenderAsync(name, values, await store.CustomAsync(name, cancellationToken));
        var payload = new EmailPayload
        {
            To = recipient.Address,
            ToName = recipient.Name,
            Subject = rendered.Subject,
            Text = rendered.Text,
            Html = rendered.Html,
            Attachments = attachment is null ? [] : [attachment],
            RecipientUserId = applicantId,
            ApplicationId = applicationId,
            Kind = kind,
        };
        observation.Enqueue(EmailTopic.Name, payload.ToJson());
    }

    private string When(DateTimeOffset instant)
    {
        var settings = options.Value;
        var local = TimeZoneInfo.ConvertTime(instant, TimeZoneInfo.FindSystemTimeZoneById(settings.TimeZoneId));
        return local.ToString("d MMMM yyyy HH.mm", Indonesian) + " " + settings.TimeZoneLabel;
    }

    /// <summary>The current document of a kind: the one this step staged, else the stored one not superseded.</summary>
    private async Task<EmailAttachment?> IssuedAsync(Guid applicationId, IssuedDocumentKind kind, CancellationToken cancellationToken)
    {
        // Read what the step staged without a change-detection pass over everything the step tracks.
        var tracker = db.Context.ChangeTracker;
        var detect = tracker.AutoDetectChangesEnabled;
        tracker.AutoDetectChangesEnabled = false;
        List<IssuedDocument> staged;
        try
        {
            staged = tracker.Entries<IssuedDocument>().Select(e => e.Entity)
                .Where(d => d.ApplicationId == applicationId && d.Kind == kind && d.SupersededAt is null)
                .ToList();
        }
        finally
        {
            tracker.AutoDetectChangesEnabled = detect;
        }

        if (staged.Count == 0)
        {
            staged = await db.Set<IssuedDocument>().AsNoTracking()
                .Where(d => d.ApplicationId == applicationId && d.Kind == kind && d.SupersededAt == null)
                .ToListAsync(cancellationToken);
        }

        var document = staged.OrderByDescending(d => d.IssuedAt).FirstOrDefault();
        return document is null ? null : new EmailAttachment(document.Sha256, document.FileName, "application/pdf");
    }

    private static string? Text(IReadOnlyDictionary<string, object?> variables, string name) =>
        variables.TryGetValue(name, out var value) && value is not null && Convert.ToString(value, CultureInfo.InvariantCulture) is { Length: > 0 } text ? text : null;
}
