using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Sicantik.Documents;
using Sicantik.Documents.Decrees;
using Sicantik.Documents.Memos;
using Sicantik.Documents.Receipts;
using Sicantik.Documents.Signing;
using Sicantik.Perizinan.Applications;
using Sicantik.Perizinan.Documents;
using Sicantik.Perizinan.PermitTypes;
using Sicantik.Perizinan.Resources;

namespace Sicantik.Perizinan.Issuance;

/// <summary>
/// Draws, stores and records the documents a service task issues. Called inside the engine's step: the PDF goes to the
/// content-addressed file store first (a file nobody refers to is harmless), then the <see cref="IssuedDocument"/> row is
/// staged on the shared context and commits with the step's <c>SaveChanges</c>, or not at all. Everything that can fail
/// (rendering, signing, storing) happens before anything is staged.
/// <para>
/// A step that lost a race is run again by the engine on the same scope, with the same time and (reserved) number: a
/// document already rendered, signed and stored for the same inputs is reused, not rendered again.
/// </para>
/// </summary>
public sealed class DocumentIssuer(
    PerizinanDb db,
    IFileStore files,
    DocumentRenderer renderer,
    AgencySigningCertificate certificate,
    IPersonDirectory people,
    IOptions<DocumentsOptions> documentsOptions,
    IOptions<LetterheadOptions> letterheadOptions,
    IOptions<PerizinanOptions> perizinanOptions)
{
    private static readonly JsonSerializerOptions KeyJson = new(JsonSerializerDefaults.General);

    /// <summary>What this scope rendered and stored, by its inputs (see <see cref="RenderOnceAsync"/>).</summary>
    private readonly Dictionary<string, Rendered> _rendered = new(StringComparer.Ordinal);

    private DocumentsOptions Settings => documentsOptions.Value;

    /// <summary>The registration receipt (tanda terima) with the number just issued (not yet committed).</summary>
    public async Task<IssuedDocument> IssueReceiptAsync(Guid applicationId, string registrationNumber, string elementId, string? clerkId, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        var (application, type) = await LoadAsync(applicationId, cancellationToken);
        var uploaded = await db.Set<ApplicationDocument>().AsNoTracking()
            .Where(d => d.ApplicationId == applicationId)
            .Select(d => d.RequirementKey)
            .Distinct()
            .ToListAsync(cancellationToken);
        var clerkName = clerkId is null ? null : await people.FullNameAsync(clerkId, cancellationToken);
        var receipt = new RegistrationReceipt
        {
            RegistrationNumber = registrationNumber,
            Applicant = ApplicantOf(application),
            PermitType = type.Name,
            RequirementsReceived = type.Requirements.Where(r => uploaded.Contains(r.Key)).Select(r => r.Name).ToList(),
            ReceivedAt = Local(now),
            Clerk = new Official(clerkName ?? Settings.ClerkPosition, Settings.ClerkPosition),
            TrackingUrl = new Uri(Settings.BaseUri, "Pemohon/Lacak/" + application.Id.ToString("D")),
        };
        var pdf = await RenderOnceAsync(receipt, () => Task.FromResult((renderer.RenderRegistrationReceipt(receipt), (string?)null)), cancellationToken);
        return await StageAsync(application.Id, IssuedDocumentKind.TandaTerima, registrationNumber, pdf.File, elementId, clerkId, now, cancellationToken);
    }

    /// <summary>The Kasi's Nota Dinas recommending approval and the draft SK (watermarked), with the numbers drawn for them.</summary>
    public async Task IssueDraftsAsync(Guid applicationId, string notaDinasNumber, string skNumber, string elementId, string? kasiId, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        var (application, type) = await LoadAsync(applicationId, cancellationToken);
        var memoInput = Memo(NotaDinasKind.Approval, notaDinasNumber, Settings.KepalaSeksi, Settings.KepalaBidang, application, type, now) with { DraftDecreeNumber = skNumber };
        var memo = await RenderOnceAsync(memoInput, () => Task.FromResult((renderer.RenderNotaDinas(memoInput), (string?)null)), cancellationToken);
        var draftInput = Decree(application, type, skNumber, DecreeStatus.Draft, now, null);
        var draft = await RenderOnceAsync(draftInput, () => Task.FromResult((renderer.RenderDecree(draftInput), (string?)null)), cancellationToken);
        await StageAsync(application.Id, IssuedDocumentKind.NotaDinas, notaDinasNumber, memo.File, elementId, kasiId, now, cancellationToken);
        await StageAsync(application.Id, IssuedDocumentKind.SkDraft, skNumber, draft.File, elementId, kasiId, now, cancellationToken);
    }

    /// <summary>The Kabid's rejection Nota Dinas to the Kepala Dinas, with the reason.</summary>
    public async Task IssueRejectionAsync(Guid applicationId, string notaDinasNumber, string reason, string elementId, string? kabidId, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        var (application, type) = await LoadAsync(applicationId, cancellationToken);
        var memoInput = Memo(NotaDinasKind.Rejection, notaDinasNumber, Settings.KepalaBidang, Settings.KepalaDinas, application, type, now) with { RejectionReason = reason };
        var memo = await RenderOnceAsync(memoInput, () => Task.FromResult((renderer.RenderNotaDinas(memoInput), (string?)null)), cancellationToken);
        await StageAsync(application.Id, IssuedDocumentKind.NotaDinasPenolakan, notaDinasNumber, memo.File, elementId, kabidId, now, cancellationToken);
    }

    /// <summary>The final SK with its QR code and verification code, signed (PAdES) with the agency's certificate.</summary>
    public async Task<IssuedDocument> IssueDecreeAsync(Guid applicationId, string skNumber, string elementId, string? kadisId, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        var (application, type) = await LoadAsync(applicationId, cancellationToken);
        var signer = Settings.KepalaDinas;
        var key = certificate.Certificate;
        var letterhead = letterheadOptions.Value;
        var signature = new SignatureInfo(signer.Name, now, PerizinanText.Message("SignatureReason", skNumber), letterhead.City, letterhead.Email);

        // The verification code is new on each render; a run again of the same step keeps the signed SK and its code.
        var unsigned = Decree(application, type, skNumber, DecreeStatus.Final, now, null);
        var signed = await RenderOnceAsync(new { unsigned, signature, key.Thumbprint }, async () =>
        {
            var code = await NewVerificationCodeAsync(cancellationToken);
            var decree = unsigned with { VerificationCode = code, VerificationUrl = VerificationUrl(code) };
            return (PdfSigner.Sign(renderer.RenderDecree(decree), key, signature), code);
        }, cancellationToken);
        var document = await StageAsync(application.Id, IssuedDocumentKind.Sk, skNumber, signed.File, elementId, kadisId, now, cancellationToken);
        document.VerificationCode = signed.Code;
        document.HolderName = unsigned.Holder.Name;
        document.Subject = type.Name;
        document.ValidFrom = unsigned.ValidFrom;
        document.ValidUntil = unsigned.ValidUntil;
        document.SignerName = signer.Name;
        document.SignedAt = now;
        document.CertificateSubject = key.Subject;
        document.CertificateThumbprint = key.Thumbprint;
        return document;
    }

    /// <summary>A Nota Dinas about the application from one official to another; the kind adds its own part.</summary>
    private NotaDinas Memo(NotaDinasKind kind, string number, OfficialOptions from, OfficialOptions to, PermitApplication application, PermitType type, DateTimeOffset now) => new()
    {
        Kind = kind,
        Number = number,
        Date = LocalDate(now),
        From = from.ToOfficial(),
        To = to.ToOfficial(),
        RegistrationNumber = application.Number ?? string.Empty,
        Applicant = ApplicantOf(application),
        PermitType = type.Name,
        Attachment = PerizinanText.Message("NotaDinasAttachment"),
    };

    private PermitDecree Decree(PermitApplication application, PermitType type, string number, DecreeStatus status, DateTimeOffset now, string? code)
    {
        var date = LocalDate(now);
        var locationField = type.FormFields.FirstOrDefault(f => IsLocation(f.Key) && Value(application, f.Key) is not null);
        var details = type.FormFields
            .Where(f => f != locationField && Value(application, f.Key) is not null)
            .Select(f => $"{f.Label}: {Value(application, f.Key)}")
            .ToList();
        return new PermitDecree
        {
            Status = status,
            Number = number,
            PermitName = type.Name,
            RegistrationNumber = application.Number ?? string.Empty,
            Holder = ApplicantOf(application),
            PermittedActivity = details.Count == 0 ? type.Name : string.Join("; ", details),
            Location = locationField is null ? "-" : Value(application, locationField.Key)!,
            LegalBasis = type.LegalBasis
                .Split([';', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(l => l.TrimEnd('.') + ";")
                .ToList(),
            ValidFrom = date,
            ValidUntil = type.ValidityMonths is { } months ? date.AddMonths(months).AddDays(-1) : null,
            Place = letterheadOptions.Value.City,
            Date = date,
            Signer = Settings.KepalaDinas.ToOfficial(),
            VerificationCode = code,
            VerificationUrl = code is null ? null : VerificationUrl(code),
        };
    }

    /// <summary>The public page the SK's QR code opens.</summary>
    public Uri VerificationUrl(string code) => new(Settings.BaseUri, "verifikasi/" + code);

    private async Task<string> NewVerificationCodeAsync(CancellationToken cancellationToken)
    {
        // A clash is a one-in-10^11 event; the unique index is the last word if two steps draw the same code at once.
        while (true)
        {
            var code = VerificationCode.New();
            if (!await db.Set<IssuedDocument>().AnyAsync(d => d.VerificationCode == code, cancellationToken))
            {
                return code;
            }
        }
    }

    private async Task<IssuedDocument> StageAsync(
        Guid applicationId,
        IssuedDocumentKind kind,
        string? number,
        StoredFile stored,
        string elementId,
        string? issuedBy,
        DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        // The step ran before (the file came back): its earlier document of this kind is replaced, under the same number.
        // The final SK also replaces the draft it was made from.
        var replaced = kind == IssuedDocumentKind.Sk ? new[] { IssuedDocumentKind.Sk, IssuedDocumentKind.SkDraft } : [kind];
        var current = await db.Set<IssuedDocument>()
            .Where(d => d.ApplicationId == applicationId && d.SupersededAt == null)
            .ToListAsync(cancellationToken);
        foreach (var previous in current.Where(d => replaced.Contains(d.Kind)))
        {
            db.Context.Entry(previous).Property(d => d.Revision).OriginalValue = previous.Revision;
            previous.Revision++;
            previous.SupersededAt = now;
        }

        var document = new IssuedDocument
        {
            Id = Guid.NewGuid(),
            ApplicationId = applicationId,
            Kind = kind,
            Number = number,
            FileName = FileNameOf(kind, number),
            Sha256 = stored.Sha256,
            SizeBytes = stored.SizeBytes,
            ElementId = elementId,
            IssuedAt = now,
            IssuedBy = issuedBy,
            Revision = 1,
        };
        db.Context.Add(document);
        return document;
    }

    /// <summary>
    /// Renders (and signs) a document and stores it, unless this scope did so already for the same inputs: the engine runs
    /// a step that lost a race again with the same time and number, and rendering is the costliest part of a step.
    /// </summary>
    /// <param name="inputs">Everything the document is made of, compared as JSON.</param>
    /// <param name="render">The PDF, with the verification code it carries (if any).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    private async Task<Rendered> RenderOnceAsync(object inputs, Func<Task<(byte[] Pdf, string? Code)>> render, CancellationToken cancellationToken)
    {
        var key = inputs.GetType().FullName + ":" + Convert.ToHexString(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(inputs, inputs.GetType(), KeyJson)));
        if (_rendered.TryGetValue(key, out var done))
        {
            return done;
        }

        var (pdf, code) = await render();
        using var content = new MemoryStream(pdf, writable: false);
        done = new Rendered(await files.SaveAsync(content, cancellationToken), code);
        _rendered[key] = done;
        return done;
    }

    private sealed record Rendered(StoredFile File, string? Code);

    private async Task<(PermitApplication Application, PermitType Type)> LoadAsync(Guid applicationId, CancellationToken cancellationToken)
    {
        var application = await db.Set<PermitApplication>().AsNoTracking().SingleOrDefaultAsync(a => a.Id == applicationId, cancellationToken)
            ?? throw new PerizinanException(PerizinanError.NotFound, PerizinanText.Message("ApplicationNotFound"));
        var type = await db.Set<PermitType>().AsNoTracking().SingleAsync(t => t.Code == application.PermitTypeCode, cancellationToken);
        return (application, type);
    }

    private static Applicant ApplicantOf(PermitApplication application) =>
        new(application.ApplicantName, application.ApplicantNik, application.ApplicantNib);

    private static bool IsLocation(string key) =>
        key.StartsWith("alamat", StringComparison.Ordinal) || key.StartsWith("lokasi", StringComparison.Ordinal);

    private static string? Value(PermitApplication application, string key) =>
        application.FormValues.TryGetValue(key, out var value) && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;

    private DateTimeOffset Local(DateTimeOffset now) => TimeZoneInfo.ConvertTime(now, perizinanOptions.Value.TimeZone);

    private DateOnly LocalDate(DateTimeOffset now) => DateOnly.FromDateTime(Local(now).DateTime);

    private static string FileNameOf(IssuedDocumentKind kind, string? number)
    {
        var stem = kind switch
        {
            IssuedDocumentKind.TandaTerima => "tanda-terima",
            IssuedDocumentKind.NotaDinas => "nota-dinas",
            IssuedDocumentKind.NotaDinasPenolakan => "nota-dinas-penolakan",
            IssuedDocumentKind.SkDraft => "sk-draf",
            _ => "sk",
        };
        var safe = new string((number ?? string.Empty).Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-').ToArray()).Trim('-');
        return string.Create(CultureInfo.InvariantCulture, $"{stem}{(safe.Length == 0 ? string.Empty : "-" + safe)}.pdf");
    }
}
