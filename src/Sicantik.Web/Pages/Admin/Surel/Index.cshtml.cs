using Microsoft.AspNetCore.Mvc.RazorPages;
using Sicantik.Perizinan.Notifications;

namespace Sicantik.Web.Pages.Admin.Surel;

/// <summary>The applicant's email templates: each with whether an administrator's edit is in use.</summary>
public sealed class IndexModel(EmailTemplateStore store) : PageModel
{
    public IReadOnlyList<EmailTemplateView> Templates { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken) => Templates = await store.ListAsync(cancellationToken);
}
