using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Sicantik.Perizinan;
using Sicantik.Web.ProcessAdmin;
using Sicantik.Workflows.Definitions;

namespace Sicantik.Web.Pages.Pengawasan;

/// <summary>
/// One process instance for supervisors and administrators: its version's diagram with the active steps and the path
/// taken, each step's time against its baku mutu, the variables (administrators only, identity numbers masked), the history and the incidents. Found by instance id,
/// application id (business key) or registration number; without one, a search and the latest instances.
/// </summary>
public sealed class InstansModel(InstanceViews views, DefinitionService definitions) : PageModel
{
    /// <summary>An instance id, an application id or a registration number.</summary>
    [BindProperty(SupportsGet = true)]
    public string? Id { get; set; }

    public InstanceView? View { get; private set; }

    public string? Xml { get; private set; }

    public InstancePage? Latest { get; private set; }

    public bool NotFoundReference { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (!string.IsNullOrWhiteSpace(Id) && await views.ResolveAsync(Id, cancellationToken) is { } instanceId)
        {
            View = await views.GetAsync(instanceId, User.IsInRole(SopRoles.Admin), cancellationToken);
            if (View is not null)
            {
                Xml = (await definitions.GetAsync(View.DefinitionKey, View.DefinitionVersion, cancellationToken)).Xml;
                return Page();
            }
        }

        NotFoundReference = !string.IsNullOrWhiteSpace(Id);
        Latest = await views.ListAsync(null, null, null, 1, 20, cancellationToken);
        return Page();
    }
}
