using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Sicantik.Data.Identity;
using Sicantik.Web.Api;
using Sicantik.Web.Identity;

namespace Sicantik.Web.Pages.Akun;

/// <summary>The signed-in person's own account: what it holds, the phone number to change, the way to a new password.</summary>
[Authorize]
public sealed class ProfilModel(AccountService accounts, UserManager<SicantikUser> users) : PageModel
{
    public SicantikUser Account { get; private set; } = null!;

    public IReadOnlyList<string> Roles { get; private set; } = [];

    [BindProperty]
    public string? PhoneNumber { get; set; }

    public FieldErrors Errors { get; } = new();

    public async Task<IActionResult> OnGetAsync()
    {
        if (!await LoadAsync())
        {
            return NotFound();
        }

        PhoneNumber = Account.PhoneNumber;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        try
        {
            await accounts.UpdateProfileAsync(User.UserId(), PhoneNumber);
            TempData.Success(PageText.T("ProfileSaved"));
            return LocalRedirect("/Akun/Profil");
        }
        catch (AccountException ex)
        {
            Errors.AddRange(ex.Errors);
        }

        return await LoadAsync() ? Page() : NotFound();
    }

    private async Task<bool> LoadAsync()
    {
        if (await users.FindByIdAsync(User.UserId()) is not { } account)
        {
            return false;
        }

        Account = account;
        Roles = (await users.GetRolesAsync(account)).Order(StringComparer.Ordinal).ToList();
        return true;
    }
}
