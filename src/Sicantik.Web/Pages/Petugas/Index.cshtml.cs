using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Sicantik.Data.Identity;
using Sicantik.Perizinan;
using Sicantik.Perizinan.PermitTypes;
using Sicantik.Perizinan.Tasks;
using Sicantik.Web.Api;
using Sicantik.Web.Identity;
using Sicantik.Workflows;

namespace Sicantik.Web.Pages.Petugas;

/// <summary>
/// The clerk's inbox (SOP steps 5 to 12): what their roles may take, what they hold, what is overdue, and what was escalated
/// to their roles ("Eskalasi ke saya", with a badge counting it); soonest due first.
/// Claim and release go through htmx and re-render the list; other clerks' claims arrive as server-sent events.
/// </summary>
public sealed class IndexModel(
    StaffTaskService tasks,
    PermitTypeService permitTypes,
    UserManager<SicantikUser> users,
    InboxNotifier notifier) : PageModel
{
    public const int PageSize = 100;

    [BindProperty(SupportsGet = true, Name = "daftar")]
    public string? ListName { get; set; }

    public InboxList List { get; private set; }

    public IReadOnlyList<InboxItem> Items { get; private set; } = [];

    public IReadOnlyDictionary<InboxList, int> Counts { get; private set; } = new Dictionary<InboxList, int>();

    public IReadOnlyDictionary<string, string> TypeNames { get; private set; } = new Dictionary<string, string>();

    public IReadOnlyDictionary<string, string> People { get; private set; } = new Dictionary<string, string>();

    public string? Message { get; private set; }

    public bool MessageIsError { get; private set; }

    public Guid? MessageTaskId { get; private set; }

    public string UserId => User.UserId();

    /// <summary>The list's name in the query string.</summary>
    public static string Slug(InboxList list) => list switch
    {
        InboxList.Mine => "saya",
        InboxList.Overdue => "terlambat",
        InboxList.Escalated => "eskalasi",
        _ => "tersedia",
    };

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken);

    /// <summary>The list alone, for htmx refreshes (events, the 30 s poll).</summary>
    public async Task<IActionResult> OnGetDaftarAsync(CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        return Partial("_Inbox", this);
    }

    public Task<IActionResult> OnPostKlaimAsync(Guid id, CancellationToken cancellationToken) =>
        ActAsync(id, claim: true, cancellationToken);

    public Task<IActionResult> OnPostLepaskanAsync(Guid id, CancellationToken cancellationToken) =>
        ActAsync(id, claim: false, cancellationToken);

    private async Task<IActionResult> ActAsync(Guid id, bool claim, CancellationToken cancellationToken)
    {
        var user = User.ToWorkflowUser();
        try
        {
            var task = claim ? await tasks.ClaimAsync(id, user, cancellationToken) : await tasks.UnclaimAsync(id, user, cancellationToken);
            notifier.Changed(task);
            Message = PageText.T(claim ? "ClaimDone" : "UnclaimDone", task.Name);
            MessageTaskId = claim ? task.Id : null;
        }
        catch (TaskAlreadyClaimedException ex)
        {
            var holder = await users.FindByIdAsync(ex.ClaimedBy);
            Message = PageText.T("ClaimTakenBy", holder?.FullName ?? ex.ClaimedBy);
            MessageIsError = true;
        }
        catch (Exception ex) when (ex is WorkflowException or PerizinanException)
        {
            Message = ex.Message;
            MessageIsError = true;
        }

        if (!string.Equals(Request.Headers["HX-Request"], "true", StringComparison.OrdinalIgnoreCase))
        {
            if (MessageIsError)
            {
                TempData.Error(Message!);
            }
            else
            {
                TempData.Success(Message!);
            }

            return LocalRedirect("/Petugas?daftar=" + Slug(Parse(ListName)));
        }

        await LoadAsync(cancellationToken);
        return Partial("_Inbox", this);
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        List = Parse(ListName);
        var user = User.ToWorkflowUser();
        var counts = new Dictionary<InboxList, int>();
        foreach (var list in Enum.GetValues<InboxList>())
        {
            var items = await tasks.ListAsync(user, list, PageSize, cancellationToken);
            counts[list] = items.Count;
            if (list == List)
            {
                Items = items.OrderBy(i => i.Task.DueAt ?? DateTimeOffset.MaxValue).ThenBy(i => i.Task.CreatedAt).ToList();
            }
        }

        Counts = counts;
        TypeNames = (await permitTypes.ListAllAsync(cancellationToken)).ToDictionary(t => t.Code, t => t.Name, StringComparer.Ordinal);
        var people = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var assignee in Items.Select(i => i.Task.Assignee).OfType<string>().Distinct(StringComparer.Ordinal))
        {
            people[assignee] = (await users.FindByIdAsync(assignee))?.FullName ?? assignee;
        }

        People = people;
    }

    private static InboxList Parse(string? name) => name?.Trim().ToLowerInvariant() switch
    {
        "saya" or "mine" => InboxList.Mine,
        "terlambat" or "overdue" => InboxList.Overdue,
        "eskalasi" or "escalated" => InboxList.Escalated,
        _ => InboxList.Available,
    };
}
