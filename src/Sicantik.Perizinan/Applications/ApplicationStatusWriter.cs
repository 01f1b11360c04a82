using Microsoft.EntityFrameworkCore;
using Sicantik.Perizinan.Resources;

namespace Sicantik.Perizinan.Applications;

/// <summary>
/// Stages an application's status change on the shared context, for the engine's step to commit in its own
/// <c>SaveChanges</c>: what the service-task handlers (<c>tanda-terima</c>, <c>nota-dinas-penolakan</c>) call. It depends
/// on nothing of the engine, so that handlers can use it (the engine's services hold the handlers).
/// </summary>
public sealed class ApplicationStatusWriter(PerizinanDb db, RegistrationNumbers numbers)
{
    /// <summary>
    /// Issues the registration number and marks the application received (in review). Called inside the tanda-terima
    /// step: the number is reserved for <paramref name="step"/> (see <see cref="RegistrationNumbers"/>) and the rest is
    /// staged; the engine's <c>SaveChanges</c> commits it with the step. Keeps an existing number.
    /// </summary>
    /// <returns>The application's registration number.</returns>
    /// <exception cref="PerizinanException"><see cref="PerizinanError.NotFound"/>: no application has this id.</exception>
    public async Task<string> StageReceiptAsync(Guid applicationId, NumberOwner step, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        var application = await LoadForUpdateAsync(applicationId, cancellationToken)
            ?? throw new PerizinanException(PerizinanError.NotFound, PerizinanText.Message("ApplicationNotFound"));
        if (application.Number is null)
        {
            application.Number = await numbers.NextAsync(step, now, application.PermitTypeCode, cancellationToken);
            application.ReceivedAt = now;
        }

        Stage(application, ApplicationStatus.InReview, now);
        return application.Number;
    }

    /// <summary>Marks the application rejected, with the reason. Called inside the rejection step; nothing is saved here.</summary>
    /// <exception cref="PerizinanException"><see cref="PerizinanError.NotFound"/>: no application has this id.</exception>
    public async Task StageRejectionAsync(Guid applicationId, DateTimeOffset now, string? reason, CancellationToken cancellationToken = default)
    {
        var application = await LoadForUpdateAsync(applicationId, cancellationToken)
            ?? throw new PerizinanException(PerizinanError.NotFound, PerizinanText.Message("ApplicationNotFound"));
        application.DecisionNote = string.IsNullOrWhiteSpace(reason) ? application.DecisionNote : reason.Trim();
        Stage(application, ApplicationStatus.Rejected, now);
    }

    internal async Task<PermitApplication?> LoadForUpdateAsync(Guid applicationId, CancellationToken cancellationToken)
    {
        db.Forget<PermitApplication>(a => a.Id == applicationId);
        return await db.Set<PermitApplication>().SingleOrDefaultAsync(a => a.Id == applicationId, cancellationToken);
    }

    /// <summary>Sets the status on a tracked application and bumps its revision, so that a concurrent change fails one side.</summary>
    internal void Stage(PermitApplication application, ApplicationStatus status, DateTimeOffset? at)
    {
        var entry = db.Context.Entry(application);
        entry.Property(a => a.Revision).OriginalValue = application.Revision;
        application.Revision++;
        application.Status = status;
        if (status is ApplicationStatus.Issued or ApplicationStatus.Rejected or ApplicationStatus.Withdrawn)
        {
            application.ClosedAt ??= at;
        }
    }
}
