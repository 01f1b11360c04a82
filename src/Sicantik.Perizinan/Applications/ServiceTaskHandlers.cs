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
