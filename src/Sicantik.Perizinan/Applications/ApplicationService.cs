using Microsoft.EntityFrameworkCore;
using Sicantik.Perizinan.Documents;
using Sicantik.Perizinan.PermitTypes;
using Sicantik.Perizinan.Resources;
using Sicantik.Workflows;
using Sicantik.Workflows.Runtime;
using Sicantik.Workflows.Tasks;

namespace Sicantik.Perizinan.Applications;

/// <summary>A new application, as the portal's form sends it; the applicant's identity comes from their account.</summary>
public sealed record NewApplication
{
    public required string PermitTypeCode { get; init; }

    public required string ApplicantId { get; init; }

    public required string ApplicantName { get; init; }

    public string? ApplicantNik { get; init; }

    public string? ApplicantNib { get; init; }

    public IReadOnlyDictionary<string, string?> FormValues { get; init; } = new Dictionary<string, string?>();
}

/// <summary>A file to attach to one requirement.</summary>
/// <param name="RequirementKey">The requirement it fulfils.</param>
/// <param name="FileName">The file's name as uploaded; its extension must be a type the requirement accepts.</param>
/// <param name="Content">The upload, read once, as a stream (never buffered whole).</param>
public sealed record DocumentUpload(string RequirementKey, string FileName, Stream Content)
{
    /// <summary>Who attaches it, when not the applicant (a clerk with a file received by email).</summary>
    public string? UploadedBy { get; init; }
}

/// <summary>One line of the requirement checklist: the requirement, and the document uploaded for it if any.</summary>
public sealed record ChecklistItem(Requirement Requirement, ApplicationDocument? Document)
{
    public bool IsMissing => Requirement.Mandatory && Document is null;
}

/// <summary>A stored document's metadata and its content to stream; disposing it closes the content.</summary>
public sealed record DocumentContent(ApplicationDocument Document, Stream Content) : IAsyncDisposable
{
    public ValueTask DisposeAsync() => Content.DisposeAsync();
}

/// <summary>
/// The applicant's side of an application (SOP steps 3 and 4): drafts, uploads, submission, and the return of a file for
/// completion. Every lookup is by application id and applicant id: another applicant's application is not found (the host
/// answers 404, so that ids cannot be probed).
/// </summary>
/// <remarks>
/// Submission writes the application and starts its process in one transaction: the application's new status is staged
/// on the shared context before <see cref="RuntimeService.StartAsync"/>, whose store commits it with the instance in its
/// one <c>SaveChanges</c>.
/// </remarks>
public sealed class ApplicationService(
    PerizinanDb db,
    PermitTypeService permitTypes,
    ApplicationStatusWriter statuses,
    RuntimeService runtime,
    TaskService tasks,
    IFileStore files,
    TimeProvider time)
{
    private const string ApplicantRole = SopRoles.Pemohon;

    /// <summary>Saves a new draft after checking the applicant's identity and every form field.</summary>
    /// <exception cref="PerizinanException">
    /// <see cref="PerizinanError.NotFound"/> (no such permit type), <see cref="PerizinanError.PermitTypeInactive"/>, or
    /// <see cref="PerizinanError.FormInvalid"/> with one entry per field.
    /// </exception>
    public async Task<PermitApplication> CreateDraftAsync(NewApplication request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentException.ThrowIfNullOrWhiteSpace(request.ApplicantId);
        var type = await permitTypes.GetByCodeAsync(request.PermitTypeCode, cancellationToken);
        if (!type.IsActive)
        {
            throw new PerizinanException(PerizinanError.PermitTypeInactive, PerizinanText.Message("PermitTypeInactive", type.Name));
        }

        var issues = new List<PerizinanIssue>();
        FormValidator.ValidateApplicant(request.ApplicantName, request.ApplicantNik, request.ApplicantNib, issues);
        var values = FormValidator.Validate(type, request.FormValues, issues);
        ThrowIfFormInvalid(issues);

        var now = time.GetUtcNow();
        var application = new PermitApplication
        {
            Id = Guid.CreateVersion7(now),
            PermitTypeCode = type.Code,
            ApplicantId = request.ApplicantId,
            ApplicantName = request.ApplicantName.Trim(),
            ApplicantNik = Blank(request.ApplicantNik),
            ApplicantNib = Blank(request.ApplicantNib),
            FormValues = values,
            Status = ApplicationStatus.Draft,
            CreatedAt = now,
            Revision = 1,
        };
        db.Context.Add(application);
        try
        {
            await db.Context.SaveChangesAsync(cancellationToken);
        }
        finally
        {
            db.Discard(application);
        }

        return application;
    }

    /// <summary>
    /// Replaces the form's values: while a draft, or while the file is back with the applicant for completion.
    /// </summary>
    /// <exception cref="PerizinanException">
    /// <see cref="PerizinanError.NotFound"/>, <see cref="PerizinanError.InvalidState"/> or <see cref="PerizinanError.FormInvalid"/>.
    /// </exception>
    public async Task<PermitApplication> UpdateDraftAsync(Guid applicationId, string applicantId, IReadOnlyDictionary<string, string?> formValues, CancellationToken cancellationToken = default)
    {
        var application = await LoadForUpdateAsync(applicationId, applicantId, cancellationToken) ?? throw NotFound();
        try
        {
            await EnsureEditableAsync(application, cancellationToken);
            var type = await permitTypes.GetByCodeAsync(application.PermitTypeCode, cancellationToken);
            var issues = new List<PerizinanIssue>();
            var values = FormValidator.Validate(type, formValues, issues);
            ThrowIfFormInvalid(issues);
            application.FormValues = values;
            await SaveAsync(application, cancellationToken);
            return application;
        }
        finally
        {
            db.Discard(application);
        }
    }

    /// <summary>The applicant's application, or <c>null</c> when it does not exist or is someone else's.</summary>
    public Task<PermitApplication?> FindAsync(Guid applicationId, string applicantId, CancellationToken cancellationToken = default) =>
        db.Set<PermitApplication>().AsNoTracking().SingleOrDefaultAsync(a => a.Id == applicationId && a.ApplicantId == applicantId, cancellationToken);

    /// <summary>Any application by id, for staff screens: the host checks the caller's role before calling.</summary>
    public Task<PermitApplication?> FindForStaffAsync(Guid applicationId, CancellationToken cancellationToken = default) =>
        db.Set<PermitApplication>().AsNoTracking().SingleOrDefaultAsync(a => a.Id == applicationId, cancellationToken);

    /// <summary>The applicant's applications, newest first.</summary>
    public async Task<IReadOnlyList<PermitApplication>> ListAsync(string applicantId, CancellationToken cancellationToken = default) =>
        (await db.Set<PermitApplication>().AsNoTracking().Where(a => a.ApplicantId == applicantId).ToListAsync(cancellationToken))
            .OrderByDescending(a => a.CreatedAt).ThenByDescending(a => a.Id).ToList();

    /// <summary>The requirement checklist in the permit type's order; <c>null</c> when the application is not the applicant's.</summary>
    public async Task<IReadOnlyList<ChecklistItem>?> GetChecklistAsync(Guid applicationId, string applicantId, CancellationToken cancellationToken = default)
    {
        var application = await FindAsync(applicationId, applicantId, cancellationToken);
        return application is null ? null : await ChecklistAsync(application, cancellationToken);
    }

    /// <summary>The requirement checklist for staff (the host checks the role).</summary>
    public async Task<IReadOnlyList<ChecklistItem>?> GetChecklistForStaffAsync(Guid applicationId, CancellationToken cancellationToken = default)
    {
        var application = await FindForStaffAsync(applicationId, cancellationToken);
        return application is null ? null : await ChecklistAsync(application, cancellationToken);
    }

    /// <summary>A document's content; <c>null</c> when the application or the document is not the applicant's.</summary>
    public async Task<DocumentContent?> OpenDocumentAsync(Guid applicationId, string applicantId, Guid documentId, CancellationToken cancellationToken = default) =>
        await FindAsync(applicationId, applicantId, cancellationToken) is null ? null : await OpenAsync(applicationId, documentId, cancellationToken);

    /// <summary>A document's content for staff (the host checks the role); <c>null</c> when unknown.</summary>
    public Task<DocumentContent?> OpenDocumentForStaffAsync(Guid applicationId, Guid documentId, CancellationToken cancellationToken = default) =>
        OpenAsync(applicationId, documentId, cancellationToken);

    /// <summary>
    /// Attaches a file to a requirement, replacing the one uploaded before for it. The file's name must carry a type the
    /// requirement accepts and its content must be that type (checked by its leading bytes); its size is counted while it
    /// streams into the store and the upload is refused one byte past the requirement's limit.
    /// </summary>
    /// <exception cref="PerizinanException">
    /// <see cref="PerizinanError.NotFound"/>, <see cref="PerizinanError.InvalidState"/>, <see cref="PerizinanError.UnknownRequirement"/>,
    /// <see cref="PerizinanError.DocumentTypeRefused"/>, <see cref="PerizinanError.DocumentTooLarge"/>, <see cref="PerizinanError.DocumentEmpty"/>.
    /// </exception>
    public async Task<ApplicationDocument> UploadDocumentAsync(Guid applicationId, string applicantId, DocumentUpload upload, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(upload);
        ArgumentNullException.ThrowIfNull(upload.Content);
        var application = await LoadForUpdateAsync(applicationId, applicantId, cancellationToken) ?? throw NotFound();
        var staged = new List<object> { application };
        try
        {
            await EnsureEditableAsync(application, cancellationToken);
            var type = await permitTypes.GetByCodeAsync(application.PermitTypeCode, cancellationToken);
            var requirement = type.Requirements.Find(r => r.Key == upload.RequirementKey)
                ?? throw new PerizinanException(PerizinanError.UnknownRequirement, PerizinanText.Message("RequirementUnknown", upload.RequirementKey, type.Name));
            var accepted = await DocumentIntake.StoreAsync(files, requirement, upload.FileName, upload.Content, cancellationToken);

            var previous = await db.Set<ApplicationDocument>()
                .Where(d => d.ApplicationId == application.Id && d.RequirementKey == requirement.Key)
                .ToListAsync(cancellationToken);
            db.Context.RemoveRange(previous);
            staged.AddRange(previous);
            var now = time.GetUtcNow();
            var document = new ApplicationDocument
            {
                Id = Guid.CreateVersion7(now),
                ApplicationId = application.Id,
                RequirementKey = requirement.Key,
                FileName = accepted.FileName,
                ContentType = FileKinds.MediaTypeOf(accepted.Kind),
                SizeBytes = accepted.File.SizeBytes,
                Sha256 = accepted.File.Sha256,
                UploadedAt = now,
                UploadedBy = upload.UploadedBy ?? applicantId,
            };
            db.Context.Add(document);
            staged.Add(document);
            await SaveAsync(application, cancellationToken);
            return document;
        }
        finally
        {
            staged.ForEach(db.Discard);
        }
    }

    /// <summary>Removes an uploaded document (the content stays in the store, which other documents may share).</summary>
    /// <exception cref="PerizinanException"><see cref="PerizinanError.NotFound"/> or <see cref="PerizinanError.InvalidState"/>.</exception>
    public async Task RemoveDocumentAsync(Guid applicationId, string applicantId, Guid documentId, CancellationToken cancellationToken = default)
    {
        var application = await LoadForUpdateAsync(applicationId, applicantId, cancellationToken) ?? throw NotFound();
        var staged = new List<object> { application };
        try
        {
            var document = await db.Set<ApplicationDocument>().SingleOrDefaultAsync(d => d.Id == documentId && d.ApplicationId == application.Id, cancellationToken)
                ?? throw new PerizinanException(PerizinanError.NotFound, PerizinanText.Message("DocumentNotFound"));
            staged.Add(document);
            await EnsureEditableAsync(application, cancellationToken);
            db.Context.Remove(document);
            await SaveAsync(application, cancellationToken);
        }
        finally
        {
            staged.ForEach(db.Discard);
        }
    }

    /// <summary>
    /// Submits a draft (SOP step 4): refused with every missing mandatory requirement and invalid field at once;
    /// otherwise the application becomes <see cref="ApplicationStatus.Submitted"/> and its process starts with the
    /// application id as business key, in one transaction.
    /// </summary>
    /// <exception cref="PerizinanException">
    /// <see cref="PerizinanError.NotFound"/>, <see cref="PerizinanError.InvalidState"/> (not a draft),
    /// <see cref="PerizinanError.PermitTypeInactive"/>, <see cref="PerizinanError.SubmissionIncomplete"/> (with
    /// <see cref="PerizinanException.Errors"/>), <see cref="PerizinanError.ProcessUnavailable"/> or
    /// <see cref="PerizinanError.ConcurrencyConflict"/>.
    /// </exception>
    public async Task<PermitApplication> SubmitAsync(Guid applicationId, string applicantId, CancellationToken cancellationToken = default)
    {
        var application = await LoadForUpdateAsync(applicationId, applicantId, cancellationToken) ?? throw NotFound();
        if (application.Status != ApplicationStatus.Draft)
        {
            db.Discard(application);
            throw new PerizinanException(PerizinanError.InvalidState, PerizinanText.Message("ApplicationNotDraft", Describe(application.Status)));
        }

        PermitType type;
        try
        {
            type = await permitTypes.GetByCodeAsync(application.PermitTypeCode, cancellationToken);
            if (!type.IsActive)
            {
                throw new PerizinanException(PerizinanError.PermitTypeInactive, PerizinanText.Message("PermitTypeInactive", type.Name));
            }

            await EnsureCompleteAsync(application, type, cancellationToken);
        }
        catch
        {
            db.Discard(application);
            throw;
        }

        var now = time.GetUtcNow();
        var request = new StartInstanceRequest
        {
            DefinitionKey = type.ProcessKey,
            BusinessKey = application.BusinessKey,
            StartedBy = applicantId,
            Variables = new Dictionary<string, object?>(StringComparer.Ordinal)
            {
                [SopVariables.Pemohon] = application.ApplicantId,
                [SopVariables.NamaPemohon] = application.ApplicantName,
                [SopVariables.JenisIzin] = type.Code,
                [SopVariables.NamaIzin] = type.Name,
                [SopVariables.NomorPermohonan] = application.BusinessKey,
            },
        };

        // The instance's id is made inside StartAsync; it is copied onto the application as the store saves both.
        void LinkInstance(object? sender, SavingChangesEventArgs e)
        {
            var started = db.Context.ChangeTracker.Entries<ProcessInstance>()
                .FirstOrDefault(i => i.State == EntityState.Added && i.Entity.BusinessKey == application.BusinessKey);
            if (started is not null)
            {
                db.Context.Entry(application).Property(a => a.ProcessInstanceId).CurrentValue = started.Entity.Id;
            }
        }

        db.Context.SavingChanges += LinkInstance;
        try
        {
            await RunWithStepAsync(
                application,
                a =>
                {
                    statuses.Stage(a, ApplicationStatus.Submitted, now);
                    a.SubmittedAt = now;
                    a.UpdatedAt = now;
                },
                () => runtime.StartAsync(request, cancellationToken),
                cancellationToken);
        }
        finally
        {
            db.Context.SavingChanges -= LinkInstance;
        }

        return application;
    }

    /// <summary>
    /// Sends a returned file back to the office once the applicant completed (<c>Task_LengkapiBerkas</c>) or corrected
    /// (<c>Task_PerbaikiBerkas</c>) it: checks the requirements again and completes the applicant's task, with the
    /// application's status in the same transaction.
    /// </summary>
    /// <exception cref="PerizinanException">
    /// <see cref="PerizinanError.NotFound"/>, <see cref="PerizinanError.InvalidState"/> (nothing to complete) or
    /// <see cref="PerizinanError.SubmissionIncomplete"/>.
    /// </exception>
    public async Task<PermitApplication> ResubmitAsync(Guid applicationId, string applicantId, CancellationToken cancellationToken = default)
    {
        var application = await LoadForUpdateAsync(applicationId, applicantId, cancellationToken) ?? throw NotFound();
        HumanTask task;
        try
        {
            task = await OpenRevisionTaskAsync(application, cancellationToken)
                ?? throw new PerizinanException(PerizinanError.InvalidState, PerizinanText.Message("NothingToResubmit"));
            var type = await permitTypes.GetByCodeAsync(application.PermitTypeCode, cancellationToken);
            await EnsureCompleteAsync(application, type, cancellationToken);
        }
        catch
        {
            db.Discard(application);
            throw;
        }

        // Completing the file goes back to the registration counter; a corrected file goes back to the back office.
        var next = task.ElementId == SopElements.LengkapiBerkas ? ApplicationStatus.Submitted : ApplicationStatus.InReview;
        var now = time.GetUtcNow();
        await RunWithStepAsync(
            application,
            a =>
            {
                statuses.Stage(a, next, now);
                a.UpdatedAt = now;
            },
            () => tasks.CompleteAsync(task.Id, new WorkflowUser(applicantId, ApplicantRole), null, null, cancellationToken),
            cancellationToken);
        return application;
    }

    /// <summary>Withdraws a draft; a submitted application is stopped at the office (an operator terminates its process).</summary>
    /// <exception cref="PerizinanException"><see cref="PerizinanError.NotFound"/> or <see cref="PerizinanError.InvalidState"/>.</exception>
    public async Task<PermitApplication> WithdrawAsync(Guid applicationId, string applicantId, CancellationToken cancellationToken = default)
    {
        var application = await LoadForUpdateAsync(applicationId, applicantId, cancellationToken) ?? throw NotFound();
        try
        {
            if (application.Status != ApplicationStatus.Draft)
            {
                throw new PerizinanException(PerizinanError.InvalidState, PerizinanText.Message("WithdrawOnlyDraft", Describe(application.Status)));
            }

            var now = time.GetUtcNow();
            statuses.Stage(application, ApplicationStatus.Withdrawn, now);
            application.UpdatedAt = now;
            await db.Context.SaveChangesAsync(cancellationToken);
            return application;
        }
        finally
        {
            db.Discard(application);
        }
    }

    /// <summary>Every mandatory requirement without a document and every invalid field, or nothing.</summary>
    internal async Task<List<PerizinanIssue>> CheckCompleteAsync(PermitApplication application, PermitType type, CancellationToken cancellationToken)
    {
        var issues = new List<PerizinanIssue>();
        FormValidator.Validate(type, application.FormValues.ToDictionary(p => p.Key, p => (string?)p.Value, StringComparer.Ordinal), issues);
        FormValidator.ValidateApplicant(application.ApplicantName, application.ApplicantNik, application.ApplicantNib, issues);
        var uploaded = await db.Set<ApplicationDocument>().AsNoTracking()
            .Where(d => d.ApplicationId == application.Id)
            .Select(d => d.RequirementKey)
            .ToListAsync(cancellationToken);
        foreach (var requirement in type.Requirements.Where(r => r.Mandatory && !uploaded.Contains(r.Key, StringComparer.Ordinal)))
        {
            issues.Add(new PerizinanIssue(requirement.Key, PerizinanText.Message("RequirementMissing", requirement.Name)));
        }

        return issues;
    }

    private async Task EnsureCompleteAsync(PermitApplication application, PermitType type, CancellationToken cancellationToken)
    {
        var issues = await CheckCompleteAsync(application, type, cancellationToken);
        if (issues.Count == 0)
        {
            return;
        }

        var missing = type.Requirements.Where(r => issues.Exists(i => i.Key == r.Key)).Select(r => r.Name).ToList();
        var invalidFields = issues.Count - missing.Count;
        var message = (missing.Count, invalidFields) switch
        {
            (> 0, 0) => PerizinanText.Message("SubmissionMissing", missing.Count, PerizinanText.List(missing)),
            (0, _) => PerizinanText.Message("SubmissionInvalidFields", invalidFields),
            _ => PerizinanText.Message("SubmissionMissingAndInvalid", missing.Count, PerizinanText.List(missing), invalidFields),
        };
        throw new PerizinanException(PerizinanError.SubmissionIncomplete, message, issues);
    }

    /// <summary>
    /// Stages the application's change, runs the engine step that commits it in its own <c>SaveChanges</c>, and makes sure
    /// the change landed: a step the engine retried after a conflict runs on fresh state without our staged change
    /// (its store discards the loser's pending changes), so the change is then saved on its own.
    /// </summary>
    private async Task RunWithStepAsync(PermitApplication application, Action<PermitApplication> stage, Func<Task> step, CancellationToken cancellationToken)
    {
        var intended = application.Status;
        stage(application);
        try
        {
            await step();
        }
        catch (WorkflowException ex)
        {
            db.Discard(application);
            throw ex.Error switch
            {
                WorkflowError.DefinitionNotFound or WorkflowError.NoPublishedVersion =>
                    new PerizinanException(PerizinanError.ProcessUnavailable, PerizinanText.Message("ProcessUnavailable", ex.Message), null, ex),
                WorkflowError.ConcurrencyConflict =>
                    new PerizinanException(PerizinanError.ConcurrencyConflict, PerizinanText.Message("ApplicationConflict"), null, ex),
                _ => new PerizinanException(PerizinanError.InvalidState, ex.Message, null, ex),
            };
        }
        catch
        {
            db.Discard(application);
            throw;
        }

        var entry = db.Context.Entry(application);
        if (entry.State == EntityState.Unchanged)
        {
            db.Discard(application);
            return;
        }

        db.Discard(application);
        var fresh = await LoadForUpdateAsync(application.Id, application.ApplicantId, cancellationToken) ?? throw NotFound();
        if (fresh.Status == intended)
        {
            stage(fresh);
            await SaveAsync(fresh, cancellationToken);
        }

        db.Discard(fresh);
    }

    private async Task<HumanTask?> OpenRevisionTaskAsync(PermitApplication application, CancellationToken cancellationToken)
    {
        if (application.Status == ApplicationStatus.Draft)
        {
            return null;
        }

        var open = await tasks.QueryAsync(new TaskQuery { BusinessKey = application.BusinessKey, Assignee = application.ApplicantId }, cancellationToken);
        return open.FirstOrDefault(t => SopElements.ApplicantRevision.Contains(t.ElementId));
    }

    /// <summary>Form and files change while a draft, or while the office returned the file to the applicant.</summary>
    private async Task EnsureEditableAsync(PermitApplication application, CancellationToken cancellationToken)
    {
        if (application.Status == ApplicationStatus.Draft || await OpenRevisionTaskAsync(application, cancellationToken) is not null)
        {
            return;
        }

        throw new PerizinanException(PerizinanError.InvalidState, PerizinanText.Message("ApplicationNotEditable", Describe(application.Status)));
    }

    private async Task<IReadOnlyList<ChecklistItem>> ChecklistAsync(PermitApplication application, CancellationToken cancellationToken)
    {
        var type = await permitTypes.GetByCodeAsync(application.PermitTypeCode, cancellationToken);
        var documents = await db.Set<ApplicationDocument>().AsNoTracking().Where(d => d.ApplicationId == application.Id).ToListAsync(cancellationToken);
        return type.Requirements
            .Select(r => new ChecklistItem(r, documents.Where(d => d.RequirementKey == r.Key).OrderByDescending(d => d.UploadedAt).FirstOrDefault()))
            .ToList();
    }

    private async Task<DocumentContent?> OpenAsync(Guid applicationId, Guid documentId, CancellationToken cancellationToken)
    {
        var document = await db.Set<ApplicationDocument>().AsNoTracking().SingleOrDefaultAsync(d => d.Id == documentId && d.ApplicationId == applicationId, cancellationToken);
        if (document is null)
        {
            return null;
        }

        var content = await files.OpenReadAsync(document.Sha256, cancellationToken);
        return content is null ? null : new DocumentContent(document, content);
    }

    private async Task<PermitApplication?> LoadForUpdateAsync(Guid applicationId, string applicantId, CancellationToken cancellationToken)
    {
        db.Forget<PermitApplication>(a => a.Id == applicationId);
        return await db.Set<PermitApplication>().SingleOrDefaultAsync(a => a.Id == applicationId && a.ApplicantId == applicantId, cancellationToken);
    }

    /// <summary>Saves a tracked application with its revision bumped; a concurrent change makes one side fail.</summary>
    private async Task SaveAsync(PermitApplication application, CancellationToken cancellationToken)
    {
        var entry = db.Context.Entry(application);
        if (entry.Property(a => a.Revision).OriginalValue == application.Revision)
        {
            application.Revision++;
        }

        application.UpdatedAt = time.GetUtcNow();
        try
        {
            await db.Context.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException ex)
        {
            throw new PerizinanException(PerizinanError.ConcurrencyConflict, PerizinanText.Message("ApplicationConflict"), null, ex);
        }
    }

    private static void ThrowIfFormInvalid(List<PerizinanIssue> issues)
    {
        if (issues.Count > 0)
        {
            throw new PerizinanException(PerizinanError.FormInvalid, PerizinanText.Message("FormInvalid", issues.Count), issues);
        }
    }

    internal static string Describe(ApplicationStatus status) => PerizinanText.Message("Status" + status);

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static PerizinanException NotFound() => new(PerizinanError.NotFound, PerizinanText.Message("ApplicationNotFound"));
}
