using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Sicantik.Data.Identity;
using Sicantik.Perizinan;
using Sicantik.Web.Api;
using Sicantik.Web.Identity;

namespace Sicantik.Web.Pages.Admin;

/// <summary>Accounts: every user, staff accounts created with SOP roles (temporary password shown once), roles, disabling.</summary>
public sealed class PenggunaModel(UserManager<SicantikUser> users, StaffAccounts staff) : PageModel
{
    [BindProperty]
    public NewStaffForm Input { get; set; } = new();

    public IReadOnlyList<UserRow> Users { get; private set; } = [];

    public NewStaffResponse? Created { get; private set; }

    public TemporaryPasswordResponse? Reset { get; private set; }

    public string? ResetEmail { get; private set; }

    public FieldErrors Errors { get; } = new();

    public string UserId => User.UserId();

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken);

    public async Task<IActionResult> OnPostBuatAsync(CancellationToken cancellationToken)
    {
        try
        {
            Created = await staff.CreateAsync(new NewStaffRequest(Input.FullName ?? string.Empty, Input.Email ?? string.Empty, Input.Roles, Input.PhoneNumber));
            Input = new NewStaffForm();
        }
        catch (AccountException ex)
        {
            Errors.AddRange(ex.Errors);
            ViewData[Flash.ErrorKey] = ex.Message;
        }

        await LoadAsync(cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostPeranAsync(string userId, List<string>? roles)
    {
        try
        {
            await staff.SetRolesAsync(userId, roles ?? []);
            TempData.Success(PageText.T("RolesSaved"));
        }
        catch (Exception ex) when (ex is AccountException or PerizinanException)
        {
            TempData.Error(ex.Message);
        }

        return LocalRedirect("/Admin/Pengguna");
    }

    /// <summary>A new temporary password for a staff account, shown once; its holder changes it at the next sign-in.</summary>
    public async Task<IActionResult> OnPostKataSandiAsync(string userId, CancellationToken cancellationToken)
    {
        if (userId == UserId)
        {
            TempData.Error(PageText.T("CannotResetSelf"));
            return LocalRedirect("/Admin/Pengguna");
        }

        try
        {
            Reset = await staff.SetTemporaryPasswordAsync(userId);
            ResetEmail = (await users.FindByIdAsync(userId))?.Email;
        }
        catch (PerizinanException ex)
        {
            ViewData[Flash.ErrorKey] = ex.Message;
        }

        await LoadAsync(cancellationToken);
        return Page();
    }

    public Task<IActionResult> OnPostNonaktifkanAsync(string userId) => SetDisabledAsync(userId, true);

    public Task<IActionResult> OnPostAktifkanAsync(string userId) => SetDisabledAsync(userId, false);

    private async Task<IActionResult> SetDisabledAsync(string userId, bool disabled)
    {
        if (disabled && userId == UserId)
        {
            TempData.Error(PageText.T("CannotDisableSelf"));
            return LocalRedirect("/Admin/Pengguna");
        }

        try
        {
            await staff.SetDisabledAsync(userId, disabled);
            TempData.Success(PageText.T(disabled ? "AccountDisabled" : "AccountEnabled"));
        }
        catch (PerizinanException ex)
        {
            TempData.Error(ex.Message);
        }

        return LocalRedirect("/Admin/Pengguna");
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        var all = await users.Users.AsNoTracking().OrderByDescending(u => u.IsStaff).ThenBy(u => u.Email).ToListAsync(cancellationToken);
        var rows = new List<UserRow>(all.Count);
        foreach (var user in all)
        {
            rows.Add(new UserRow(user, (await users.GetRolesAsync(user)).Order(StringComparer.Ordinal).ToList()));
        }

        Users = rows;
    }

    public sealed record UserRow(SicantikUser User, IReadOnlyList<string> Roles);

    public sealed class NewStaffForm
    {
        public string? FullName { get; set; }

        public string? Email { get; set; }

        public string? PhoneNumber { get; set; }

        public List<string> Roles { get; set; } = [];
    }
}
