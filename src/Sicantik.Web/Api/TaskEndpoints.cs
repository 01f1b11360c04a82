using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Sicantik.Data.Identity;
using Sicantik.Documents.Fonts;
using Sicantik.Perizinan;
using Sicantik.Perizinan.Tasks;
using Sicantik.Web.Hosting;
using Sicantik.Web.Identity;
using Sicantik.Workflows;
using Sicantik.Workflows.Tasks;

namespace Sicantik.Web.Api;

/// <summary>The clerks' side (SOP steps 5 to 12): inbox lists, claim, release, complete; and staff accounts for admins.</summary>
public static class TaskEndpoints
{
    public static RouteGroupBuilder MapTaskApi(this RouteGroupBuilder api)
    {
        var tasks = api.MapGroup("/tasks").WithTags("Tugas").RequireAuthorization(SicantikPolicies.Clerk);
        tasks.MapGet("/", ListAsync);
        tasks.MapGet("/{id:guid}", GetAsync);
        tasks.MapGet("/{id:guid}/documents/{documentId:guid}", DocumentAsync);
        tasks.MapPost("/{id:guid}/claim", ClaimAsync);
        tasks.MapPost("/{id:guid}/unclaim", UnclaimAsync);
        tasks.MapPost("/{id:guid}/complete", CompleteAsync);

        var users = api.MapGroup("/admin/users").WithTags("Pengguna").RequireAuthorization(SicantikPolicies.Admin);
        users.MapGet("/", ListUsersAsync);
        users.MapPost("/", CreateStaffAsync);
        users.MapPut("/{id}/roles", SetRolesAsync);
        users.MapPost("/{id}/disable", (string id, StaffAccounts accounts) => accounts.SetDisabledAsync(id, true));
        users.MapPost("/{id}/enable", (string id, StaffAccounts accounts) => accounts.SetDisabledAsync(id, false));
        users.MapPost("/{id}/password", SetTemporaryPasswordAsync);
        return api;
    }

    /// <summary>
    /// <c>list</c>: <c>available</c> (default: unclaimed tasks of my roles), <c>mine</c> (held by me) or <c>overdue</c>
    /// (past their baku mutu) or <c>escalated</c> (open tasks escalated to one of my roles); soonest due first.
    /// </summary>
    private static async Task<IResult> ListAsync(StaffTaskService tasks, ClaimsPrincipal principal, string? list, int? max, CancellationToken cancellationToken)
    {
        var which = (list ?? "available").Trim().ToLowerInvariant() switch
        {
            "available" or "tersedia" => InboxList.Available,
            "mine" or "saya" => InboxList.Mine,
            "overdue" or "terlambat" => InboxList.Overdue,
            "escalated" or "eskalasi" => InboxList.Escalated,
            _ => throw new AccountException(StatusCodes.Status400BadRequest, "unknown-list", WebText.Get("UnknownInboxListEscalated", list)),
        };
        var items = await tasks.ListAsync(principal.ToWorkflowUser(), which, max ?? 50, cancellationToken);
        return TypedResults.Ok(items.Select(TaskDto.From).ToList());
    }

    private static async Task<IResult> GetAsync(Guid id, StaffTaskService tasks, ClaimsPrincipal principal, CancellationToken cancellationToken) =>
        TypedResults.Ok(TaskDetailDto.From(await tasks.GetAsync(id, principal.ToWorkflowUser(), cancellationToken) ?? throw NotFound()));

    private static async Task<IResult> DocumentAsync(Guid id, Guid documentId, StaffTaskService tasks, ClaimsPrincipal principal, CancellationToken cancellationToken) =>
        DocumentResults.Inline(await tasks.OpenDocumentAsync(id, documentId, principal.ToWorkflowUser(), cancellationToken)
            ?? throw new PerizinanException(PerizinanError.NotFound, WebText.Get("DocumentNotFound")));

    private static async Task<IResult> ClaimAsync(Guid id, StaffTaskService tasks, ClaimsPrincipal principal, InboxNotifier notifier, UserManager<SicantikUser> users, CancellationToken cancellationToken)
    {
        HumanTask task;
        try
        {
            task = await tasks.ClaimAsync(id, principal.ToWorkflowUser(), cancellationToken);
        }
        catch (TaskAlreadyClaimedException ex)
        {
            return await AlreadyClaimedAsync(ex, users);
        }

        notifier.Changed(task);
        return TypedResults.Ok(TaskDto.From(task, null, null, false));
    }

    /// <summary>
    /// The engine names the holder by user id; the clerk who lost the claim needs their colleague's name to sort it out.
    /// </summary>
    private static async Task<IResult> AlreadyClaimedAsync(TaskAlreadyClaimedException ex, UserManager<SicantikUser> users)
    {
        var holder = string.IsNullOrEmpty(ex.ClaimedBy) ? null : await users.FindByIdAsync(ex.ClaimedBy);
        var name = string.IsNullOrWhiteSpace(holder?.FullName) ? ex.ClaimedBy : holder.FullName;
        var detail = string.IsNullOrEmpty(ex.ClaimedBy) ? ex.Message : ex.Message.Replace(ex.ClaimedBy, name, StringComparison.Ordinal);
        var extensions = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["code"] = "task-already-claimed",
            ["claimedBy"] = new { id = ex.ClaimedBy, name },
        };
        return TypedResults.Problem(detail: detail, statusCode: StatusCodes.Status409Conflict, extensions: extensions);
    }

    private static async Task<IResult> UnclaimAsync(Guid id, StaffTaskService tasks, ClaimsPrincipal principal, InboxNotifier notifier, CancellationToken cancellationToken)
    {
        var task = await tasks.UnclaimAsync(id, principal.ToWorkflowUser(), cancellationToken);
        notifier.Changed(task);
        return TypedResults.Ok(TaskDto.From(task, null, null, false));
    }

    private static async Task<IResult> CompleteAsync(Guid id, CompleteTaskRequest request, StaffTaskService tasks, ClaimsPrincipal principal, InboxNotifier notifier, CancellationToken cancellationToken)
    {
        var task = await tasks.CompleteAsync(id, principal.ToWorkflowUser(), new TaskCompletion(request.Outcome, request.Notes) { Copies = request.Copies, Handover = request.Handover, Variables = Variables(request) }, cancellationToken);
        notifier.Changed(task);
        return TypedResults.Ok(TaskDto.From(task, null, null, false));
    }

    private static Dictionary<string, object?>? Variables(CompleteTaskRequest request) =>
        request.Variables?.ToDictionary(v => v.Key, v => (object?)v.Value, StringComparer.Ordinal);

    private static async Task<IResult> ListUsersAsync(UserManager<SicantikUser> users, CancellationToken cancellationToken)
    {
        var all = await users.Users.OrderBy(u => u.Email).ToListAsync(cancellationToken);
        var result = new List<UserSummary>(all.Count);
        foreach (var user in all)
        {
            var roles = await users.GetRolesAsync(user);
            result.Add(new UserSummary(user.Id, user.Email ?? string.Empty, user.FullName, user.IsStaff, user.IsDisabled, user.EmailConfirmed, roles.Order(StringComparer.Ordinal).ToList()));
        }

        return TypedResults.Ok(result);
    }

    private static async Task<IResult> CreateStaffAsync(NewStaffRequest request, StaffAccounts accounts)
    {
        var created = await accounts.CreateAsync(request);
        return TypedResults.Created($"/api/admin/users/{created.UserId}", created);
    }

    private static async Task<IResult> SetRolesAsync(string id, RolesRequest request, StaffAccounts accounts)
    {
        await accounts.SetRolesAsync(id, request.Roles ?? []);
        return TypedResults.NoContent();
    }

    private static async Task<Ok<TemporaryPasswordResponse>> SetTemporaryPasswordAsync(string id, StaffAccounts accounts) =>
        TypedResults.Ok(await accounts.SetTemporaryPasswordAsync(id));

    private static PerizinanException NotFound() => new(PerizinanError.NotFound, WebText.Get("TaskNotFound"));
}

/// <summary>Staff accounts, as an admin manages them.</summary>
public sealed class StaffAccounts(UserManager<SicantikUser> users, TimeProvider time)
{
    /// <summary>Creates a confirmed staff account with SOP roles and a temporary password, returned once.</summary>
    public async Task<NewStaffResponse> CreateAsync(NewStaffRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var roles = CheckRoles(request.Roles);
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (string.IsNullOrWhiteSpace(request.FullName))
        {
            errors["fullName"] = [WebText.Get("FullNameRequired")];
        }
        else if (Perizinan.Validation.TextRules.Problem(request.FullName.Trim(), WebText.Get("FullNameLabel")) is { } refused)
        {
            errors["fullName"] = [refused];
        }
        else if (PrintableText.Undrawable(request.FullName) is { Count: > 0 } unprintable)
        {
            // Staff names are printed on receipts, memos and the signed SK.
            errors["fullName"] = [WebText.Get("FullNameUnprintable", PrintableText.Describe(unprintable))];
        }

        if (string.IsNullOrWhiteSpace(request.Email) || !new System.ComponentModel.DataAnnotations.EmailAddressAttribute().IsValid(request.Email.Trim()))
        {
            errors["email"] = [WebText.Get("EmailInvalid")];
        }

        if (errors.Count > 0)
        {
            throw new AccountException(StatusCodes.Status422UnprocessableEntity, "staff-invalid", WebText.Get("RegistrationInvalid", errors.Count), errors);
        }

        var password = StartupInitializer.NewPassword();
        var user = new SicantikUser
        {
            UserName = request.Email.Trim(),
            Email = request.Email.Trim(),
            EmailConfirmed = true,
            FullName = request.FullName.Trim(),
            PhoneNumber = string.IsNullOrWhiteSpace(request.PhoneNumber) ? null : request.PhoneNumber.Trim(),
            IsStaff = true,
            CreatedAt = time.GetUtcNow(),
        };
        var created = await users.CreateAsync(user, password);
        if (!created.Succeeded)
        {
            throw new AccountException(StatusCodes.Status422UnprocessableEntity, "staff-invalid", string.Join(" ", created.Errors.Select(e => e.Description)),
                new Dictionary<string, string[]>(StringComparer.Ordinal) { ["email"] = created.Errors.Select(e => e.Description).ToArray() });
        }

        var added = await users.AddToRolesAsync(user, roles);
        var marked = added.Succeeded ? await users.AddClaimAsync(user, PasswordChangeRequired) : added;
        if (!marked.Succeeded)
        {
            await users.DeleteAsync(user);
            throw new InvalidOperationException(string.Join("; ", marked.Errors.Select(e => e.Description)));
        }

        return new NewStaffResponse(user.Id, user.Email, password, roles);
    }

    /// <summary>
    /// Gives a staff account a new temporary password, returned once: its sessions end, and its holder must change it at
    /// the next sign-in.
    /// </summary>
    public async Task<TemporaryPasswordResponse> SetTemporaryPasswordAsync(string userId)
    {
        var user = await FindStaffAsync(userId);
        if (!(await users.GetClaimsAsync(user)).Any(c => c.Type == SicantikClaims.PasswordChangeRequired))
        {
            Check(await users.AddClaimAsync(user, PasswordChangeRequired));
        }

        var password = StartupInitializer.NewPassword();
        Check(await users.ResetPasswordAsync(user, await users.GeneratePasswordResetTokenAsync(user), password));
        return new TemporaryPasswordResponse(user.Id, password);
    }

    private static Claim PasswordChangeRequired => new(SicantikClaims.PasswordChangeRequired, "true");

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException(string.Join("; ", result.Errors.Select(e => e.Description)));
        }
    }

    /// <summary>Replaces a staff account's roles.</summary>
    public async Task SetRolesAsync(string userId, IReadOnlyList<string> requested)
    {
        var roles = CheckRoles(requested);
        var user = await FindStaffAsync(userId);
        var current = await users.GetRolesAsync(user);
        var removed = await users.RemoveFromRolesAsync(user, current.Except(roles, StringComparer.Ordinal));
        var added = removed.Succeeded ? await users.AddToRolesAsync(user, roles.Except(current, StringComparer.Ordinal)) : removed;
        if (!added.Succeeded)
        {
            throw new InvalidOperationException(string.Join("; ", added.Errors.Select(e => e.Description)));
        }

        await users.UpdateSecurityStampAsync(user);
    }

    /// <summary>Disables (locks out indefinitely) or enables a staff account.</summary>
    public async Task<IResult> SetDisabledAsync(string userId, bool disabled)
    {
        var user = await FindStaffAsync(userId);
        user.IsDisabled = disabled;
        user.LockoutEnabled = true;
        user.LockoutEnd = disabled ? DateTimeOffset.MaxValue : null;
        var updated = await users.UpdateAsync(user);
        if (!updated.Succeeded)
        {
            throw new InvalidOperationException(string.Join("; ", updated.Errors.Select(e => e.Description)));
        }

        await users.UpdateSecurityStampAsync(user);
        return TypedResults.NoContent();
    }

    private async Task<SicantikUser> FindStaffAsync(string userId) =>
        await users.FindByIdAsync(userId) is { IsStaff: true } user
            ? user
            : throw new PerizinanException(PerizinanError.NotFound, WebText.Get("AccountNotFound"));

    private static List<string> CheckRoles(IReadOnlyList<string>? requested)
    {
        var roles = (requested ?? []).Select(r => r.Trim()).Distinct(StringComparer.Ordinal).ToList();
        var unknown = roles.Where(r => !SopRoles.Staff.Contains(r)).ToList();
        if (roles.Count == 0 || unknown.Count > 0)
        {
            throw new AccountException(
                StatusCodes.Status422UnprocessableEntity,
                "roles-invalid",
                WebText.Get("RolesInvalid", string.Join(", ", SopRoles.Staff)),
                new Dictionary<string, string[]>(StringComparer.Ordinal) { ["roles"] = unknown.Count > 0 ? unknown.Select(r => WebText.Get("RoleUnknown", r)).ToArray() : [WebText.Get("RolesRequired")] });
        }

        return roles;
    }
}
