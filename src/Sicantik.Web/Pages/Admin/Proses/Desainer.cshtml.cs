using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Sicantik.Perizinan;

namespace Sicantik.Web.Pages.Admin.Proses;

/// <summary>
/// The bpmn-js designer (wwwroot/dist/designer.js, from ClientApp/entries/designer.js) for one version of a definition,
/// or a new diagram without a key. The page hands the script its texts and the SOP's roles; the script does the rest
/// through /api/admin/definitions.
/// </summary>
public sealed class DesainerModel : PageModel
{
    /// <summary>The script's text keys (bpmn-js translate keys and its own) and the page texts they come from.</summary>
    private static readonly (string Script, string Resource)[] ScriptTexts =
    [
        ("sicantik.group", "Designer_Group"),
        ("sicantik.bakuMutu", "Designer_BakuMutu"),
        ("sicantik.bakuMutu.noTimer", "Designer_BakuMutuNoTimer"),
        ("sicantik.bakuMutu.notMinutes", "Designer_BakuMutuNotMinutes"),
        ("sicantik.bakuMutu.stored", "Designer_BakuMutuStored"),
        ("sicantik.none", "Designer_None"),
        ("sicantik.escalateTo", "Designer_EscalateTo"),
        ("sicantik.escalateTo.description", "Designer_EscalateToDescription"),
        ("sicantik.calendar", "Designer_Calendar"),
        ("sicantik.calendar.office-hours", "Designer_CalendarOfficeHours"),
        ("sicantik.calendar.wall-clock", "Designer_CalendarWallClock"),
        ("sicantik.calendar.inherit", "Designer_CalendarInherit"),
        ("sicantik.calendar.default", "Designer_CalendarDefault"),
        ("sicantik.calendar.timerDescription", "Designer_CalendarTimerDescription"),
        ("sicantik.calendar.processDescription", "Designer_CalendarProcessDescription"),
        ("sicantik.outcomes", "Designer_Outcomes"),
        ("sicantik.outcomes.description", "Designer_OutcomesDescription"),
        ("sicantik.candidateGroups", "Designer_CandidateGroups"),
        ("sicantik.candidateGroups.description", "Designer_CandidateGroupsDescription"),
        ("Create timer intermediate catch event", "Designer_CreateTimer"),
        ("Create user task", "Designer_CreateUserTask"),
        ("Create service task", "Designer_CreateServiceTask"),
        ("Create parallel gateway", "Designer_CreateParallelGateway"),
        ("Append user task", "Designer_AppendUserTask"),
        ("Append service task", "Designer_AppendServiceTask"),
        ("General", "Designer_General"),
        ("Name", "Designer_Name"),
        ("Designer_VersionBadge", "Designer_VersionBadge"),
        ("Designer_NewDiagram", "Designer_NewDiagram"),
        ("Designer_Failed", "Designer_Failed"),
        ("Designer_Opened", "Designer_Opened"),
        ("Designer_Valid", "Designer_Valid"),
        ("Designer_Saved", "Designer_Saved"),
        ("Designer_Unchanged", "Designer_Unchanged"),
        ("Designer_Published", "Designer_Published"),
        ("Designer_Retired", "Designer_Retired"),
        ("Designer_Error", "Designer_Error"),
        ("Designer_NewHint", "Designer_NewHint"),
        ("Designer_State_Draft", "Designer_State_Draft"),
        ("Designer_State_Published", "Designer_State_Published"),
        ("Designer_State_Retired", "Designer_State_Retired"),
    ];

    [BindProperty(SupportsGet = true, Name = "key")]
    public string? Key { get; set; }

    [BindProperty(SupportsGet = true, Name = "version")]
    public int? Version { get; set; }

    /// <summary>The texts the script shows, as JSON (placeholders like <c>{version}</c> are filled in by the script).</summary>
    public string TextsJson { get; } = JsonSerializer.Serialize(ScriptTexts.ToDictionary(t => t.Script, t => PageText.Find(t.Resource) ?? t.Script, StringComparer.Ordinal));

    /// <summary>The SOP's staff roles, for the escalation target.</summary>
    public string RolesJson { get; } = JsonSerializer.Serialize(SopRoles.Staff.Select(r => new { key = r, label = PageText.Find("Role_" + r) ?? r }));

    public void OnGet()
    {
    }
}
