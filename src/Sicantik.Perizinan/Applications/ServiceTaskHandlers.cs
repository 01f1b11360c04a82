using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Sicantik.Perizinan.Issuance;
using Sicantik.Perizinan.Resources;
using Sicantik.Workflows.ServiceTasks;

namespace Sicantik.Perizinan.Applications;

/// <summary>Runs a handler's body so that a failure leaves nothing of it staged for the engine's retry commit.</summary>
internal static class DomainStep
{
    public static async Task RunAsync(PerizinanDb db, Func<Task> body)
    {
        var before = db.StagedDomainRows();
        try
        {
            await body();
        }
        catch
        {
            db.DiscardStagedDomainChanges(before);
            throw;
        }
    }
}

/// <summary>
/// <c>tanda-terima</c>: issues the registration number from the year's gap-free sequence, marks the application
/// received (in review), sets the instance variable <c>nomorPendaftaran</c>, and issues the receipt (tanda terima) naming
/// the clerk who completed the check, all in the step's <c>SaveChanges</c>.
/// </summary>
public sealed class TandaTerimaHandler(ApplicationStatusWriter statuses, DocumentIssuer issuer, PerizinanDb db) : IServiceTaskHandler
{
    public string Topic => SopTopics.TandaTerima;

    public Task ExecuteAsync(ServiceTaskContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        return DomainStep.RunAsync(db, async () =>
        {
            var id = ApplicationIdOf(context);
            var number = await statuses.StageReceiptAsync(id, NumberOwner.Of(context), context.Now, cancellationToken);
            await issuer.IssueReceiptAsync(id, number, context.ElementId, StringVariable(context, SopVariables.PetugasPendaftaran), context.Now, cancellationToken);
            context.SetVariable(SopVariables.NomorPendaftaran, number);
        });
    }

    internal static Guid ApplicationIdOf(ServiceTaskContext context) =>
        Guid.TryParse(context.BusinessKey, out var id)
            ? id
            : throw new InvalidOperationException(PerizinanText.Message("BusinessKeyNotApplication", context.BusinessKey, context.ElementId));

    internal static string? StringVariable(ServiceTaskContext context, string name) =>
        context.Variables.TryGetValue(name, out var value) && value is string s && !string.IsNullOrWhiteSpace(s) ? s : null;
}

/// <summary>
/// <c>nota-dinas-penolakan</c>: marks the application rejected with the Kepala Bidang's reason (variable <c>alasan</c>)
/// and issues the rejection Nota Dinas with a number from the Nota Dinas sequence (kept on a re-run), in the step's
/// <c>SaveChanges</c>.
/// </summary>
public sealed class NotaDinasPenolakanHandler(
    ApplicationStatusWriter statuses,
    RegistrationNumbers numbers,
    DocumentIssuer issuer,
    IOptions<PerizinanOptions> options,
    PerizinanDb db) : IServiceTaskHandler
{
    public string Topic => SopTopics.NotaDinasPenolakan;

    public Task ExecuteAsync(ServiceTaskContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        return DomainStep.RunAsync(db, () => RunAsync(context, cancellationToken));
    }

    private async Task RunAsync(ServiceTaskContext context, CancellationToken cancellationToken)
    {
        var id = TandaTerimaHandler.ApplicationIdOf(context);
        var reason = TandaTerimaHandler.StringVariable(context, SopVariables.Alasan);
        var number = TandaTerimaHandler.StringVariable(context, SopVariables.NomorNotaDinasPenolakan)
            ?? await numbers.NextAsync(NumberOwner.Of(context), DraftDokumenHandler.NotaDinasSequence, options.Value.NotaDinasNumberPattern, context.Now, DraftDokumenHandler.PermitTypeOf(context), cancellationToken);
        await issuer.IssueRejectionAsync(
            id,
            number,
            reason?.Trim() ?? PerizinanText.Message("RejectionReasonMissing"),
            context.ElementId,
            TandaTerimaHandler.StringVariable(context, SopVariables.KabidTaskCompletedBy),
            context.Now,
            cancellationToken);
        await statuses.StageRejectionAsync(id, context.Now, reason, cancellationToken);
        context.SetVariable(SopVariables.NomorNotaDinasPenolakan, number);
    }
}

/// <summary>
/// <c>draft-dokumen</c> (after the Kepala Seksi validates): draws the Nota Dinas number and the SK number from the
/// office's gap-free yearly sequences, sets the variables <c>nomorNotaDinas</c> and <c>nomorSK</c>, and issues the
/// approval Nota Dinas and the draft SK, all committed with the step. A second pass (the file came back and was
/// validated again) keeps the numbers already drawn and supersedes the earlier drafts.
/// </summary>
public sealed class DraftDokumenHandler(RegistrationNumbers numbers, DocumentIssuer issuer, IOptions<PerizinanOptions> options, PerizinanDb db) : IServiceTaskHandler
{
    internal const string NotaDinasSequence = "nota-dinas";
    internal const string SkSequence = "sk";

    public string Topic => SopTopics.DraftDokumen;

    public Task ExecuteAsync(ServiceTaskContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        return DomainStep.RunAsync(db, () => RunAsync(context, cancellationToken));
    }

    private async Task RunAsync(ServiceTaskContext context, CancellationToken cancellationToken)
    {
        var code = PermitTypeOf(context);
        var notaDinas = TandaTerimaHandler.StringVariable(context, SopVariables.NomorNotaDinas)
            ?? await numbers.NextAsync(NumberOwner.Of(context), NotaDinasSequence, options.Value.NotaDinasNumberPattern, context.Now, code, cancellationToken);
        var sk = TandaTerimaHandler.StringVariable(context, SopVariables.NomorSk)
            ?? await numbers.NextAsync(NumberOwner.Of(context), SkSequence, options.Value.SkNumberPattern, context.Now, code, cancellationToken);
        await issuer.IssueDraftsAsync(
            TandaTerimaHandler.ApplicationIdOf(context),
            notaDinas,
            sk,
            context.ElementId,
            TandaTerimaHandler.StringVariable(context, SopVariables.KasiTaskCompletedBy),
            context.Now,
            cancellationToken);
        context.SetVariable(SopVariables.NomorNotaDinas, notaDinas);
        context.SetVariable(SopVariables.NomorSk, sk);
    }

    internal static string PermitTypeOf(ServiceTaskContext context) =>
        TandaTerimaHandler.StringVariable(context, SopVariables.JenisIzin) ?? string.Empty;
}

/// <summary>
/// <c>tanda-tangan-sk</c> (after the Kepala Dinas approves the signature): renders the final SK with its QR code and
/// verification code, signs it (PAdES) with the agency's certificate, records it, and sets who authorised the signature
/// and when (variables <c>skDitandatanganiOleh</c>, <c>skDitandatanganiPada</c>).
/// </summary>
public sealed class TandaTanganSkHandler(RegistrationNumbers numbers, DocumentIssuer issuer, IOptions<PerizinanOptions> options, PerizinanDb db) : IServiceTaskHandler
{
    public string Topic => SopTopics.TandaTanganSk;

    public Task ExecuteAsync(ServiceTaskContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        return DomainStep.RunAsync(db, () => RunAsync(context, cancellationToken));
    }

    private async Task RunAsync(ServiceTaskContext context, CancellationToken cancellationToken)
    {
        var signer = TandaTerimaHandler.StringVariable(context, SopVariables.KadisTaskCompletedBy);
        var number = TandaTerimaHandler.StringVariable(context, SopVariables.NomorSk)
            ?? await numbers.NextAsync(NumberOwner.Of(context), DraftDokumenHandler.SkSequence, options.Value.SkNumberPattern, context.Now, DraftDokumenHandler.PermitTypeOf(context), cancellationToken);
        await issuer.IssueDecreeAsync(TandaTerimaHandler.ApplicationIdOf(context), number, context.ElementId, signer, context.Now, cancellationToken);
        context.SetVariable(SopVariables.NomorSk, number);
        context.SetVariable(SopVariables.SkDitandatanganiOleh, signer);
        context.SetVariable(SopVariables.SkDitandatanganiPada, context.Now);
    }
}

/// <summary>
/// <c>eskalasi</c> (a step outlived its baku mutu, or its reminder cycle fired again): the engine has already marked the
/// task escalated to the role named by <c>sicantik:escalateTo</c> and recorded the breach in the history (the step, the
/// task, the role, the time); this handler emails every active staff member of that role through the outbox, in the
/// step's transaction (<see cref="Escalation.EscalationNotices"/>), and writes the escalation to the log.
/// </summary>
public sealed partial class EskalasiHandler(Escalation.EscalationNotices notices, ILogger<EskalasiHandler>? logger = null) : IServiceTaskHandler
{
    private readonly ILogger _logger = logger ?? Microsoft.Extensions.Logging.Abstractions.NullLogger<EskalasiHandler>.Instance;

    public string Topic => SopTopics.Eskalasi;

    public async Task ExecuteAsync(ServiceTaskContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var sent = await notices.WriteAsync(context, cancellationToken);
        LogEscalated(_logger, context.BusinessKey, context.ElementId, context.ElementName, context.Escalation?.Target, sent);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Baku mutu exceeded for application {BusinessKey}: escalation {ElementId} ({ElementName}) to {Target}, {Sent} email(s)")]
    private static partial void LogEscalated(ILogger logger, string? businessKey, string elementId, string? elementName, string? target, int sent);
}
