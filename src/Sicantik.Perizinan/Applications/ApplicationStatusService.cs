using Microsoft.EntityFrameworkCore;
using Sicantik.Workflows.Runtime;
using Sicantik.Workflows.Stores;
using Sicantik.Workflows.Tasks;

namespace Sicantik.Perizinan.Applications;

/// <summary>
/// Keeps an application's status in step with its process. Steps with a service task (the receipt, the rejection)
/// write the status in the step's own <c>SaveChanges</c>; for the rest (returned to the applicant, approved, issued at
/// End_Terbit) the status is read from the instance: <see cref="Derive"/> does it for reads, and the host calls
/// <see cref="SyncAsync"/> after completing a task to store it.
/// </summary>
/// <remarks>
/// Service-task handlers use <see cref="ApplicationStatusWriter"/> instead: a handler cannot depend on the engine's
/// services (they hold the handlers), or resolving either never ends.
/// </remarks>
public sealed class ApplicationStatusService(PerizinanDb db, ApplicationStatusWriter writer, RuntimeService runtime, TaskService tasks)
{
    /// <summary>
    /// Stores the status the process says the application has (for example <see cref="ApplicationStatus.Issued"/> once the
    /// instance ended at End_Terbit). Idempotent; returns the status.
    /// </summary>
    /// <exception cref="PerizinanException"><see cref="PerizinanError.NotFound"/>.</exception>
    public async Task<ApplicationStatus> SyncAsync(Guid applicationId, CancellationToken cancellationToken = default)
    {
        var application = await writer.LoadForUpdateAsync(applicationId, cancellationToken)
            ?? throw new PerizinanException(PerizinanError.NotFound, Resources.PerizinanText.Message("ApplicationNotFound"));
        var instance = await FindInstanceAsync(application, cancellationToken);
        var open = instance is null ? [] : await tasks.QueryAsync(new TaskQuery { InstanceId = instance.Id }, cancellationToken);
        var status = Derive(application, instance, open);
        if (status == application.Status && application.ProcessInstanceId == instance?.Id)
        {
            db.Discard(application);
            return status;
        }

        writer.Stage(application, status, instance?.EndedAt);
        application.ProcessInstanceId ??= instance?.Id;
        try
        {
            await db.Context.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException ex)
        {
            db.Discard(application);
            throw new PerizinanException(PerizinanError.ConcurrencyConflict, Resources.PerizinanText.Message("ApplicationConflict"), null, ex);
        }
        finally
        {
            db.Discard(application);
        }

        return status;
    }

    /// <summary>The status the process says the application has, given its instance and open tasks.</summary>
    public static ApplicationStatus Derive(PermitApplication application, ProcessInstance? instance, IReadOnlyCollection<HumanTask> openTasks)
    {
        ArgumentNullException.ThrowIfNull(application);
        ArgumentNullException.ThrowIfNull(openTasks);
        if (application.Status is ApplicationStatus.Draft || instance is null)
        {
            return application.Status;
        }

        switch (instance.State)
        {
            case InstanceState.Completed:
                return instance.EndedWith switch
                {
                    SopElements.EndTerbit => ApplicationStatus.Issued,
                    SopElements.EndDitolak => ApplicationStatus.Rejected,
                    _ => application.Status,
                };
            case InstanceState.Terminated:
                return ApplicationStatus.Withdrawn;
        }

        if (application.Status is ApplicationStatus.Rejected or ApplicationStatus.Issued or ApplicationStatus.Withdrawn)
        {
            return application.Status;
        }

        var open = openTasks.Where(t => t.IsOpen).ToList();
        if (open.Exists(t => SopElements.ApplicantRevision.Contains(t.ElementId) && t.Assignee == application.ApplicantId))
        {
            return ApplicationStatus.NeedsCompletion;
        }

        if (open.Exists(t => SopElements.AfterApproval.Contains(t.ElementId)))
        {
            return ApplicationStatus.Approved;
        }

        return application.Number is null ? ApplicationStatus.Submitted : ApplicationStatus.InReview;
    }

    internal async Task<ProcessInstance?> FindInstanceAsync(PermitApplication application, CancellationToken cancellationToken)
    {
        if (application.ProcessInstanceId is { } id)
        {
            return await runtime.FindAsync(id, cancellationToken);
        }

        if (application.Status == ApplicationStatus.Draft)
        {
            return null;
        }

        var found = await runtime.QueryAsync(new InstanceQuery { BusinessKey = application.BusinessKey, Max = 1 }, cancellationToken);
        return found.Count > 0 ? found[0] : null;
    }
}
