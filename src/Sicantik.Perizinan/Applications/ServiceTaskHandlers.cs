using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Sicantik.Perizinan.Resources;
using Sicantik.Workflows.ServiceTasks;

namespace Sicantik.Perizinan.Applications;

/// <summary>
/// <c>tanda-terima</c>: issues the registration number from the year's gap-free sequence, marks the application
/// received (in review) and sets the instance variable <c>nomorPendaftaran</c>, all in the step's <c>SaveChanges</c>.
/// The receipt's PDF and the applicant's email belong to the documents and notification slices.
/// </summary>
public sealed class TandaTerimaHandler(ApplicationStatusWriter statuses) : IServiceTaskHandler
{
    public string Topic => SopTopics.TandaTerima;

    public async Task ExecuteAsync(ServiceTaskContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var number = await statuses.StageReceiptAsync(ApplicationIdOf(context), context.Now, cancellationToken);
        context.SetVariable(SopVariables.NomorPendaftaran, number);
    }

    internal static Guid ApplicationIdOf(ServiceTaskContext context) =>
        Guid.TryParse(context.BusinessKey, out var id)
            ? id
            : throw new InvalidOperationException(PerizinanText.Message("BusinessKeyNotApplication", context.BusinessKey, context.ElementId));
}

/// <summary>
/// <c>nota-dinas-penolakan</c>: marks the application rejected with the Kepala Bidang's reason (variable <c>alasan</c>) in
/// the step's <c>SaveChanges</c>. The rejection Nota Dinas document and the email belong to the documents and notification
/// slices; a handler that takes this topic over calls <see cref="ApplicationStatusWriter.StageRejectionAsync"/>.
/// </summary>
public sealed class NotaDinasPenolakanHandler(ApplicationStatusWriter statuses) : IServiceTaskHandler
{
    public string Topic => SopTopics.NotaDinasPenolakan;

    public Task ExecuteAsync(ServiceTaskContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var reason = context.Variables.TryGetValue(SopVariables.Alasan, out var value) ? value as string : null;
        return statuses.StageRejectionAsync(TandaTerimaHandler.ApplicationIdOf(context), context.Now, reason, cancellationToken);
    }
}

/// <summary>
/// <c>draft-dokumen</c> (after the Kepala Seksi validates): draws the Nota Dinas number and the SK number from the
/// office's gap-free yearly sequences, committed with the step, and sets the variables <c>nomorNotaDinas</c> and
/// <c>nomorSK</c>. A second pass (the file came back and was validated again) keeps the numbers already drawn. The
/// documents themselves (PDFs) are drawn from these variables by the documents slice.
/// </summary>
public sealed class DraftDokumenHandler(RegistrationNumbers numbers, IOptions<PerizinanOptions> options) : IServiceTaskHandler
{
    public string Topic => SopTopics.DraftDokumen;

    public async Task ExecuteAsync(ServiceTaskContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var code = context.Variables.TryGetValue(SopVariables.JenisIzin, out var value) && value is string s ? s : string.Empty;
        if (!context.Variables.ContainsKey(SopVariables.NomorNotaDinas))
        {
            context.SetVariable(SopVariables.NomorNotaDinas, await numbers.NextAsync("nota-dinas", options.Value.NotaDinasNumberPattern, context.Now, code, cancellationToken));
        }

        if (!context.Variables.ContainsKey(SopVariables.NomorSk))
        {
            context.SetVariable(SopVariables.NomorSk, await numbers.NextAsync("sk", options.Value.SkNumberPattern, context.Now, code, cancellationToken));
        }
    }
}

/// <summary>
/// <c>tanda-tangan-sk</c> (after the Kepala Dinas approves the signature): records who authorised the signature and when
/// (variables <c>skDitandatanganiOleh</c>, <c>skDitandatanganiPada</c>). Producing the SK's PDF and its PAdES signature
/// belongs to the documents slice, which takes this topic over.
/// </summary>
public sealed class TandaTanganSkHandler : IServiceTaskHandler
{
    public string Topic => SopTopics.TandaTanganSk;

    public Task ExecuteAsync(ServiceTaskContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var signer = context.Variables.TryGetValue(SopVariables.KadisTaskCompletedBy, out var by) ? by : null;
        context.SetVariable(SopVariables.SkDitandatanganiOleh, signer);
        context.SetVariable(SopVariables.SkDitandatanganiPada, context.Now);
        return Task.CompletedTask;
    }
}

/// <summary>
/// <c>eskalasi</c> (a step outlived its baku mutu): the engine has already marked the task escalated to the role named by
/// <c>sicantik:escalateTo</c> (it shows in that role's "overdue" list and in the history); this handler writes it to the
/// log for the office's monitoring. Emailing the escalation belongs to the notifications slice, which takes this topic over.
/// </summary>
public sealed partial class EskalasiHandler(ILogger<EskalasiHandler>? logger = null) : IServiceTaskHandler
{
    private readonly ILogger _logger = logger ?? Microsoft.Extensions.Logging.Abstractions.NullLogger<EskalasiHandler>.Instance;

    public string Topic => SopTopics.Eskalasi;

    public Task ExecuteAsync(ServiceTaskContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        LogEscalated(_logger, context.BusinessKey, context.ElementId, context.ElementName);
        return Task.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Baku mutu exceeded for application {BusinessKey}: escalation {ElementId} ({ElementName})")]
    private static partial void LogEscalated(ILogger logger, string? businessKey, string elementId, string? elementName);
}
