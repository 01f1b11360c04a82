using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Sicantik.Perizinan;
using Sicantik.Web.Api;
using Sicantik.Web.Tests.Support;
using Sicantik.Workflows.Runtime;
using Sicantik.Workflows.Tasks;

namespace Sicantik.Web.Tests.Forms;

/// <summary>
/// A process as Camunda Modeler 5 exports it, with a generated task form (<c>camunda:formData</c>) and a gateway on
/// <c>${approved}</c>: deployed and published over HTTP, its task form served and completed through the task API and
/// the staff task page, the values typed into process variables that the gateway routes on.
/// </summary>
public sealed class TaskFormTests(SicantikWebFactory host) : IClassFixture<SicantikWebFactory>
{
    private const string Key = "tinjauan-teknis-formulir";

    private static readonly SemaphoreSlim Deploy = new(1, 1);

    private async Task DeployOnceAsync()
    {
        await Deploy.WaitAsync();
        try
        {
            using var admin = await host.AdminAsync();
            var xml = await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "Bpmn", Key + ".bpmn"));
            using var form = TestApi.FilePart(new MemoryStream(Encoding.UTF8.GetBytes(xml)), Key + ".bpmn", "application/octet-stream");
            using var response = await admin.PostAsync("/api/admin/definitions", form);
            var deployed = await TestApi.ReadAsync<DeploymentDto>(response, response.StatusCode == HttpStatusCode.OK ? HttpStatusCode.OK : HttpStatusCode.Created);
            if (deployed.IsNew)
            {
                await TestApi.EnsureAsync(await admin.PostAsync($"/api/admin/definitions/{Key}/versions/{deployed.Version}/publish", null), HttpStatusCode.OK);
            }
        }
        finally
        {
            Deploy.Release();
        }
    }

    /// <summary>No endpoint starts an arbitrary process; the engine starts it as the host's own code would.</summary>
    private async Task<(Guid InstanceId, Guid TaskId)> StartAsync()
    {
        await DeployOnceAsync();
        using var scope = host.Services.CreateScope();
        var instance = await scope.ServiceProvider.GetRequiredService<RuntimeService>().StartAsync(new StartInstanceRequest { DefinitionKey = Key, StartedBy = "uji", Variables = new Dictionary<string, object?> { ["pemohon"] = "Siti Aminah" } });
        var task = Assert.Single(await scope.ServiceProvider.GetRequiredService<TaskService>().QueryAsync(new TaskQuery { InstanceId = instance.Id }));
        Assert.Equal("Activity_Tinjau", task.ElementId);
        return (instance.Id, task.Id);
    }

    private async Task<(Dictionary<string, object?> Variables, IReadOnlyList<HumanTask> Open, InstanceState State)> InstanceAsync(Guid instanceId)
    {
        using var scope = host.Services.CreateScope();
        var instance = await scope.ServiceProvider.GetRequiredService<RuntimeService>().GetAsync(instanceId);
        var open = await scope.ServiceProvider.GetRequiredService<TaskService>().QueryAsync(new TaskQuery { InstanceId = instanceId });
        return (instance.Variables, open, instance.State);
    }

    [Fact]
    public async Task TaskApi_ServesTheForm_RefusesWrongValuesByField_AndTypedVariablesRouteTheGateway()
    {
        using var analis = await host.CreateClerkAsync(SopRoles.BoAnalis);
        var (instanceId, taskId) = await StartAsync();

        using var detail = JsonDocument.Parse(await analis.Client.GetStringAsync($"/api/tasks/{taskId}"));
        var fields = detail.RootElement.GetProperty("form").GetProperty("fields").EnumerateArray().ToList();
        Assert.Equal(["approved", "luasBangunan", "tanggalSurvei", "zona", "catatanTeknis"], fields.Select(f => f.GetProperty("id").GetString()));
        var luas = fields[1];
        Assert.Equal(("Luas bangunan (m²)", "long", 36, 36), (luas.GetProperty("label").GetString(), luas.GetProperty("type").GetString(), luas.GetProperty("value").GetInt32(), luas.GetProperty("defaultValue").GetInt32()));
        Assert.Equal((1, 10000), (luas.GetProperty("constraints").GetProperty("min").GetInt32(), luas.GetProperty("constraints").GetProperty("max").GetInt32()));
        Assert.True(fields[0].GetProperty("constraints").GetProperty("required").GetBoolean());
        Assert.Equal(["permukiman", "perdagangan"], fields[3].GetProperty("values").EnumerateArray().Select(v => v.GetProperty("id").GetString()));
        Assert.Equal("Perdagangan dan jasa", fields[3].GetProperty("values")[1].GetProperty("name").GetString());
        Assert.Equal("3", fields[4].GetProperty("properties").GetProperty("rows").GetString());

        // Camunda accepts variables beyond the form; the office does not let a step rewrite what the process recorded.
        var overwrite = await TestApi.ProblemAsync(
            await analis.Client.PostAsJsonAsync($"/api/tasks/{taskId}/complete", new { variables = new { approved = true, pemohon = "Orang lain" } }),
            HttpStatusCode.UnprocessableEntity,
            "form-invalid");
        Assert.Equal(["pemohon"], overwrite.Errors!.Keys);
        Assert.Equal("Siti Aminah", (await InstanceAsync(instanceId)).Variables["pemohon"]);

        var refused = await TestApi.ProblemAsync(
            await analis.Client.PostAsJsonAsync($"/api/tasks/{taskId}/complete", new { variables = new { approved = "mungkin", luasBangunan = 0, zona = "industri" } }),
            HttpStatusCode.UnprocessableEntity,
            "form-invalid");
        Assert.Equal("Isian formulir tidak valid", refused.Title);
        Assert.NotNull(refused.Errors);
        Assert.Equal(["approved", "luasBangunan", "zona"], refused.Errors.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("Luas bangunan (m²) paling kecil 1.", Assert.Single(refused.Errors["luasBangunan"]));
        Assert.Contains("permukiman, perdagangan", refused.Errors["zona"][0], StringComparison.Ordinal);
        Assert.Contains("Tinjauan teknis", refused.Detail, StringComparison.Ordinal);
        var unchanged = await InstanceAsync(instanceId);
        Assert.Equal("Activity_Tinjau", Assert.Single(unchanged.Open).ElementId);
        Assert.False(unchanged.Variables.ContainsKey("approved"));

        var completed = await analis.Client.PostAsJsonAsync(
            $"/api/tasks/{taskId}/complete",
            new { variables = new { approved = true, luasBangunan = 120, tanggalSurvei = "2030-03-05", zona = "perdagangan", nomorSurvei = "S-17" } });
        await TestApi.EnsureAsync(completed, HttpStatusCode.OK);

        var after = await InstanceAsync(instanceId);
        Assert.Equal(true, after.Variables["approved"]);
        Assert.Equal(120L, after.Variables["luasBangunan"]);
        Assert.Equal("2030-03-05", after.Variables["tanggalSurvei"]);
        Assert.Equal("perdagangan", after.Variables["zona"]);
        Assert.Equal("S-17", after.Variables["nomorSurvei"]);
        Assert.Equal("Siti Aminah", after.Variables["pemohon"]);
        Assert.Equal("Activity_Rekomendasi", Assert.Single(after.Open).ElementId);
    }

    [Fact]
    public async Task TaskPage_RendersInputsByType_ShowsFieldErrors_AndCompletesWithTypedValues()
    {
        using var analis = await host.CreateClerkAsync(SopRoles.BoAnalis);
        var (instanceId, taskId) = await StartAsync();
        var page = $"/Petugas/Tugas/{taskId}";

        var html = await PageForms.GetHtmlAsync(analis.Client, page);
        Assert.Contains("data-testid=\"task-form\"", html, StringComparison.Ordinal);
        Assert.Contains("<select class=\"form-select \" id=\"form-approved\" name=\"Form[approved]\" required=\"required\"", html, StringComparison.Ordinal);
        Assert.Contains("type=\"number\" step=\"1\" inputmode=\"numeric\" class=\"form-control \" id=\"form-luasBangunan\" name=\"Form[luasBangunan]\" value=\"36\" min=\"1\" max=\"10000\"", html, StringComparison.Ordinal);
        Assert.Contains("type=\"date\"", html, StringComparison.Ordinal);
        Assert.Contains(">Perdagangan dan jasa</option>", html, StringComparison.Ordinal);
        Assert.Contains("Luas bangunan (m²)", System.Net.WebUtility.HtmlDecode(html), StringComparison.Ordinal);

        var wrong = await PageForms.PostAsync(analis.Client, page, page + "?handler=Selesai", [new("Form[approved]", "true"), new("Form[luasBangunan]", "dua")]);
        Assert.Equal(HttpStatusCode.OK, wrong.Status);
        Assert.Contains("Luas bangunan (m²) harus bilangan bulat.", System.Net.WebUtility.HtmlDecode(wrong.Html), StringComparison.Ordinal);
        Assert.Contains("form-control is-invalid\" id=\"form-luasBangunan\"", wrong.Html, StringComparison.Ordinal);

        var done = await PageForms.PostAsync(analis.Client, page, page + "?handler=Selesai", [new("Form[approved]", "false"), new("Form[luasBangunan]", "48"), new("Form[zona]", "permukiman")]);
        Assert.Equal(HttpStatusCode.Redirect, done.Status);

        var after = await InstanceAsync(instanceId);
        Assert.Equal(InstanceState.Completed, after.State);
        Assert.Equal(false, after.Variables["approved"]);
        Assert.Equal(48L, after.Variables["luasBangunan"]);
        Assert.Equal("permukiman", after.Variables["zona"]);
        Assert.Equal(["approved", "luasBangunan", "pemohon", "zona"], after.Variables.Keys.Order(StringComparer.Ordinal));
    }
}
