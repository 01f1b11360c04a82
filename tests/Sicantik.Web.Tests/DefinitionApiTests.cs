using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Xml.Linq;
using Sicantik.Perizinan;
using Sicantik.Perizinan.Tests.Support;
using Sicantik.Web.Api;
using Sicantik.Web.Tests.Support;
using Sicantik.Workflows.Definitions;

namespace Sicantik.Web.Tests;

/// <summary>
/// The definitions API of the designer and the versions page: deployment (raw XML and an uploaded file), the engine's
/// validation on the elements, publication and retirement with their refusals, versions, and who may call it.
/// </summary>
public sealed class DefinitionApiTests(SicantikWebFactory host) : IClassFixture<SicantikWebFactory>
{
    private const string SopKey = "penerbitan-izin";

    [Fact]
    public async Task Deploy_MakesADraftVersion_AndTheSameXmlAgainMakesNone()
    {
        using var admin = await host.AdminAsync();
        var key = host.Unique("uji-deploy-");
        var xml = SopXml(key);

        using var first = await DeployRawAsync(admin, xml);
        var created = await TestApi.ReadAsync<DeploymentDto>(first, HttpStatusCode.Created);
        Assert.Equal((key, 1, DefinitionState.Draft, true, "Penerbitan Izin"), (created.Key, created.Version, created.State, created.IsNew, created.Name));
        Assert.Empty(created.Warnings);
        Assert.Equal($"/api/admin/definitions/{key}/versions/1", first.Headers.Location?.OriginalString);

        // The same XML again: nothing new, the answer names the version it already is.
        var again = await TestApi.ReadAsync<DeploymentDto>(await DeployRawAsync(admin, xml), HttpStatusCode.OK);
        Assert.Equal(created with { IsNew = false, Warnings = again.Warnings }, again);

        var changed = WithKasiMinutes(xml, 10);
        var second = await TestApi.ReadAsync<DeploymentDto>(await DeployRawAsync(admin, changed), HttpStatusCode.Created);
        Assert.Equal(2, second.Version);
        Assert.True(second.IsNew);

        var versions = await admin.GetAsync<List<DefinitionVersionDto>>($"/api/admin/definitions/{key}/versions");
        Assert.Equal([2, 1], versions.Select(v => v.Version));
        Assert.All(versions, v =>
        {
            Assert.Equal(DefinitionState.Draft, v.State);
            Assert.Equal(SicantikWebFactory.AdminEmail, v.DeployedBy);
            Assert.Equal(host.Clock.GetUtcNow(), v.DeployedAt);
            Assert.Null(v.PublishedAt);
            Assert.Equal(0, v.RunningInstances);
            Assert.Matches("^[0-9a-f]{64}$", v.Hash);
        });
        Assert.NotEqual(versions[0].Hash, versions[1].Hash);
        Assert.Equal(versions[1], await admin.GetAsync<DefinitionVersionDto>($"/api/admin/definitions/{key}/versions/1"));

        using var download = await admin.GetAsync($"/api/admin/definitions/{key}/versions/2/xml");
        await TestApi.EnsureAsync(download, HttpStatusCode.OK);
        Assert.Equal("application/xml", download.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", download.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal($"{key}-v2.bpmn", download.Content.Headers.ContentDisposition?.FileName);
        Assert.Equal(changed, await download.Content.ReadAsStringAsync());

        var summary = Assert.Single(await admin.GetAsync<List<DefinitionSummaryDto>>("/api/admin/definitions"), d => d.Key == key);
        Assert.Equal(new DefinitionSummaryDto(key, "Penerbitan Izin", 2, null, 2), summary);
        var sop = Assert.Single(await admin.GetAsync<List<DefinitionSummaryDto>>("/api/admin/definitions"), d => d.Key == SopKey);
        Assert.NotNull(sop.PublishedVersion);
    }

    [Fact]
    public async Task Upload_DeploysABpmnFile_AndRefusesOtherTypesAndSizes()
    {
        using var admin = await host.AdminAsync();
        var key = host.Unique("uji-unggah-");
        var xml = SopXml(key);

        using (var form = TestApi.FilePart(new MemoryStream(Encoding.UTF8.GetBytes(xml)), "proses.bpmn", "application/octet-stream"))
        {
            var created = await TestApi.ReadAsync<DeploymentDto>(await admin.PostAsync("/api/admin/definitions", form), HttpStatusCode.Created);
            Assert.Equal((key, 1, true), (created.Key, created.Version, created.IsNew));
        }

        // A file with a byte-order mark is the same text: no new version.
        using (var form = TestApi.FilePart(new MemoryStream([.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(xml)]), "proses.xml", "text/xml"))
        {
            var same = await TestApi.ReadAsync<DeploymentDto>(await admin.PostAsync("/api/admin/definitions", form), HttpStatusCode.OK);
            Assert.Equal((1, false), (same.Version, same.IsNew));
        }

        using (var form = TestApi.FilePart(TestFiles.Pdf(4096, "bukan-bpmn"), "proses.pdf", "application/pdf"))
        {
            var refused = await TestApi.ProblemAsync(await admin.PostAsync("/api/admin/definitions", form), HttpStatusCode.UnsupportedMediaType, "definition-file-type");
            Assert.Contains("proses.pdf", refused.Detail, StringComparison.Ordinal);
        }

        var tooLarge = WithKasiMinutes(xml, 15).Replace("</bpmn:definitions>", "<!--" + new string('x', (int)DefinitionEndpoints.MaxDefinitionBytes) + "--></bpmn:definitions>", StringComparison.Ordinal);
        using (var form = TestApi.FilePart(new MemoryStream(Encoding.UTF8.GetBytes(tooLarge)), "besar.bpmn", "application/xml"))
        {
            var refused = await TestApi.ProblemAsync(await admin.PostAsync("/api/admin/definitions", form), HttpStatusCode.RequestEntityTooLarge, "definition-too-large");
            Assert.Contains("2 MB", refused.Detail, StringComparison.Ordinal);
        }

        await TestApi.ProblemAsync(await DeployRawAsync(admin, tooLarge), HttpStatusCode.RequestEntityTooLarge, "definition-too-large");
        using (var json = new StringContent(xml, Encoding.UTF8, "application/json"))
        {
            await TestApi.ProblemAsync(await admin.PostAsync("/api/admin/definitions", json), HttpStatusCode.UnsupportedMediaType, "definition-media-type");
        }

        await TestApi.ProblemAsync(await DeployRawAsync(admin, string.Empty), HttpStatusCode.BadRequest, "definition-empty");

        // Every refusal left the definition as it was.
        var versions = await admin.GetAsync<List<DefinitionVersionDto>>($"/api/admin/definitions/{key}/versions");
        Assert.Equal(1, Assert.Single(versions).Version);
    }

    [Fact]
    public async Task InvalidXml_IsRefusedWithEachRuleOnItsElement_AndNothingIsStored()
    {
        using var admin = await host.AdminAsync();
        var key = host.Unique("uji-invalid-");
        using (var ok = await ValidateAsync(admin, SopXml(key)))
        {
            var answer = await TestApi.ReadAsync<DefinitionValidationDto>(ok);
            Assert.True(answer.Valid);
            Assert.Empty(answer.Errors);
        }

        // A gateway with no outgoing flow: the Kasi's decision leads nowhere.
        var broken = WithoutFlowsFrom(SopXml(key), "Gateway_Validasi");
        foreach (var call in new Func<Task<HttpResponseMessage>>[] { () => ValidateAsync(admin, broken), () => DeployRawAsync(admin, broken) })
        {
            using var response = await call();
            var (problem, errors) = await InvalidAsync(response);
            var gateway = Assert.Single(errors, e => e.ElementId == "Gateway_Validasi");
            Assert.Equal(("exclusiveGateway", "NoOutgoingFlow"), (gateway.ElementType, gateway.Rule));
            Assert.Contains("Gateway_Validasi", gateway.Message, StringComparison.Ordinal);
            Assert.Contains(errors.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), problem.Detail, StringComparison.Ordinal);
        }

        // Not XML at all: one error for the document as a whole.
        using (var malformed = await DeployRawAsync(admin, "<bpmn:definitions"))
        {
            var (_, errors) = await InvalidAsync(malformed);
            var error = Assert.Single(errors);
            Assert.Equal((null, "MalformedXml"), (error.ElementId, error.Rule));
        }

        await TestApi.ProblemAsync(await admin.GetAsync($"/api/admin/definitions/{key}/versions"), HttpStatusCode.NotFound, "definition-not-found");
        Assert.DoesNotContain(await admin.GetAsync<List<DefinitionSummaryDto>>("/api/admin/definitions"), d => d.Key == key);
    }

    [Fact]
    public async Task Publish_MakesTheNextApplicationRunOnTheVersion_AndRetireRefusesThePublishedOne()
    {
        using var admin = await host.AdminAsync();
        using var office = await Office.CreateAsync(host);
        var before = await admin.GetAsync<List<DefinitionVersionDto>>($"/api/admin/definitions/{SopKey}/versions");
        var shipped = Assert.Single(before, v => v.State == DefinitionState.Published);

        using var download = await admin.GetAsync($"/api/admin/definitions/{SopKey}/versions/{shipped.Version}/xml");
        var draft = await TestApi.ReadAsync<DeploymentDto>(await DeployRawAsync(admin, WithKasiMinutes(await download.Content.ReadAsStringAsync(), 10)), HttpStatusCode.Created);
        Assert.Equal(DefinitionState.Draft, draft.State);

        var published = await admin.PostAsync<DefinitionVersionDto>($"/api/admin/definitions/{SopKey}/versions/{draft.Version}/publish", null);
        Assert.Equal((DefinitionState.Published, SicantikWebFactory.AdminEmail, host.Clock.GetUtcNow()), (published.State, published.PublishedBy, published.PublishedAt));
        var retired = await admin.GetAsync<DefinitionVersionDto>($"/api/admin/definitions/{SopKey}/versions/{shipped.Version}");
        Assert.Equal((DefinitionState.Retired, SicantikWebFactory.AdminEmail), (retired.State, retired.RetiredBy));

        // The next application runs on the new version: the Kasi's baku mutu is 10 minutes.
        using var applicant = await Sop.RegisterApplicantAsync(host);
        var application = await Sop.SubmitNewAsync(applicant.Client);
        await Sop.WorkAsync(office.Loket2, application.Id, Steps.VerifikasiKelengkapan, "lengkap");
        await Sop.WorkAsync(office.Analis, application.Id, Steps.VerifikasiBerkas, "sesuai");
        var kasi = await Sop.FindTaskAsync(office.Kasi.Client, application.Id, Steps.ValidasiKasi);
        Assert.NotNull(kasi);
        Assert.Equal(10, kasi.StandardMinutes);
        Assert.Equal(kasi.CreatedAt.AddMinutes(10), kasi.DueAt);
        Assert.Equal(1, (await admin.GetAsync<DefinitionVersionDto>($"/api/admin/definitions/{SopKey}/versions/{draft.Version}")).RunningInstances);

        // Refusals, each leaving the versions as they were.
        var states = await StatesAsync(admin);
        var refused = await TestApi.ProblemAsync(await admin.PostAsync($"/api/admin/definitions/{SopKey}/versions/{draft.Version}/retire", null), HttpStatusCode.Conflict, "definition-published");
        Assert.Contains($"Versi {draft.Version}", refused.Detail, StringComparison.Ordinal);
        await TestApi.ProblemAsync(await admin.PostAsync($"/api/admin/definitions/{SopKey}/versions/{draft.Version}/publish", null), HttpStatusCode.Conflict, "definition-state-conflict");
        await TestApi.ProblemAsync(await admin.PostAsync($"/api/admin/definitions/{SopKey}/versions/{shipped.Version}/retire", null), HttpStatusCode.Conflict, "definition-state-conflict");
        await TestApi.ProblemAsync(await admin.PostAsync($"/api/admin/definitions/{SopKey}/versions/99/publish", null), HttpStatusCode.NotFound, "definition-not-found");
        await TestApi.ProblemAsync(await admin.PostAsync($"/api/admin/definitions/tidak-ada/versions/1/retire", null), HttpStatusCode.NotFound, "definition-not-found");
        await TestApi.ProblemAsync(await admin.GetAsync($"/api/admin/definitions/{SopKey}/versions/99/xml"), HttpStatusCode.NotFound, "definition-not-found");
        Assert.Equal(states, await StatesAsync(admin));

        // A draft nobody needs is retired; the shipped version goes back to being published, which retires the new one.
        var spare = await TestApi.ReadAsync<DeploymentDto>(await DeployRawAsync(admin, WithKasiMinutes(await download.Content.ReadAsStringAsync(), 20)), HttpStatusCode.Created);
        var spareRetired = await admin.PostAsync<DefinitionVersionDto>($"/api/admin/definitions/{SopKey}/versions/{spare.Version}/retire", null);
        Assert.Equal((DefinitionState.Retired, host.Clock.GetUtcNow()), (spareRetired.State, spareRetired.RetiredAt));
        await admin.PostAsync<DefinitionVersionDto>($"/api/admin/definitions/{SopKey}/versions/{shipped.Version}/publish", null);
        var after = await admin.GetAsync<List<DefinitionVersionDto>>($"/api/admin/definitions/{SopKey}/versions");
        Assert.Equal(shipped.Version, Assert.Single(after, v => v.State == DefinitionState.Published).Version);
        Assert.Equal(DefinitionState.Retired, after.Single(v => v.Version == draft.Version).State);
        Assert.Equal(1, after.Single(v => v.Version == draft.Version).RunningInstances);
    }

    [Fact]
    public async Task NonAdmins_AreRefused()
    {
        using var kasi = await host.CreateClerkAsync(SopRoles.KasiPerizinan);
        using var anonymous = host.Anonymous();
        var xml = SopXml(host.Unique("uji-akses-"));
        foreach (var client in new[] { kasi.Client, anonymous })
        {
            var (status, code) = client == anonymous ? (HttpStatusCode.Unauthorized, "unauthorized") : (HttpStatusCode.Forbidden, "forbidden");
            await TestApi.ProblemAsync(await client.GetAsync("/api/admin/definitions"), status, code);
            await TestApi.ProblemAsync(await client.GetAsync($"/api/admin/definitions/{SopKey}/versions"), status, code);
            await TestApi.ProblemAsync(await client.GetAsync($"/api/admin/definitions/{SopKey}/versions/1/xml"), status, code);
            await TestApi.ProblemAsync(await DeployRawAsync(client, xml), status, code);
            await TestApi.ProblemAsync(await ValidateAsync(client, xml), status, code);
            await TestApi.ProblemAsync(await client.PostAsync($"/api/admin/definitions/{SopKey}/versions/1/publish", null), status, code);
            await TestApi.ProblemAsync(await client.PostAsync($"/api/admin/definitions/{SopKey}/versions/1/retire", null), status, code);
        }
    }

    [Fact]
    public async Task ProcessPages_ListTheDefinitions_AndOpenTheDesigner_ForAdminsOnly()
    {
        using var admin = await host.AdminAsync();
        var list = await PageForms.GetHtmlAsync(admin, "/Admin/Proses");
        Assert.Contains($"data-testid=\"process-{SopKey}\"", list, StringComparison.Ordinal);
        Assert.Contains($"href=\"/Admin/Proses/Desainer?key={SopKey}\"", list, StringComparison.Ordinal);
        Assert.Contains($"href=\"/Admin/Proses/Versi?key={SopKey}\"", list, StringComparison.Ordinal);

        var designer = await PageForms.GetHtmlAsync(admin, $"/Admin/Proses/Desainer?key={SopKey}&version=1");
        Assert.Contains($"data-key=\"{SopKey}\" data-version=\"1\"", designer, StringComparison.Ordinal);
        Assert.Contains("/dist/designer.js", designer, StringComparison.Ordinal);
        Assert.Contains("\"sicantik.bakuMutu\":\"Baku mutu (menit)\"", designer, StringComparison.Ordinal);
        Assert.Contains("\"key\":\"kasi-perizinan\"", designer, StringComparison.Ordinal);

        using var kasi = await host.CreateClerkAsync(SopRoles.KasiPerizinan);
        Assert.NotEqual(HttpStatusCode.OK, (await kasi.Client.GetAsync("/Admin/Proses")).StatusCode);
        Assert.NotEqual(HttpStatusCode.OK, (await kasi.Client.GetAsync($"/Admin/Proses/Desainer?key={SopKey}")).StatusCode);
    }

    [Fact]
    public async Task ValidateAndDeploy_AnswerWithWarnings_ForIgnoredAttributesAndUnknownRoles_AndStillDeploy()
    {
        using var admin = await host.AdminAsync();
        var key = host.Unique("uji-peringatan-");
        var xml = SopXml(key)
            .Replace("sicantik:candidateGroups=\"kasi-perizinan\"", "sicantik:candidateGroups=\"kasi-perizinann\"", StringComparison.Ordinal)
            .Replace($"id=\"{key}\"", $"id=\"{key}\" camunda:versionTag=\"1.0\"", StringComparison.Ordinal);

        var validated = await TestApi.ReadAsync<DefinitionValidationDto>(await ValidateAsync(admin, xml));
        var deployed = await TestApi.ReadAsync<DeploymentDto>(await DeployRawAsync(admin, xml), HttpStatusCode.Created);

        foreach (var warnings in new[] { validated.Warnings, deployed.Warnings })
        {
            Assert.Equal(
                [("lane", "Lane_Kasi", "UnknownCandidateGroup"), ("process", key, "IgnoredAttribute")],
                warnings.Select(w => (w.ElementType, w.ElementId, w.Rule)).Order());
            Assert.Contains("'kasi-perizinann'", Assert.Single(warnings, w => w.Rule == "UnknownCandidateGroup").Message, StringComparison.Ordinal);
        }

        Assert.True(validated.Valid);
        Assert.Equal(1, deployed.Version);
    }

    private static Task<HttpResponseMessage> DeployRawAsync(HttpClient client, string xml) =>
        client.PostAsync("/api/admin/definitions", new StringContent(xml, Encoding.UTF8, "application/xml"));

    private static Task<HttpResponseMessage> ValidateAsync(HttpClient client, string xml) =>
        client.PostAsync("/api/admin/definitions/validate", new StringContent(xml, Encoding.UTF8, "text/xml"));

    private static async Task<List<(int, DefinitionState)>> StatesAsync(HttpClient admin) =>
        [.. (await admin.GetAsync<List<DefinitionVersionDto>>($"/api/admin/definitions/{SopKey}/versions")).Select(v => (v.Version, v.State))];

    /// <summary>Reads a 422 <c>definition-invalid</c> and its <c>errors</c> array.</summary>
    internal static async Task<(Problem Problem, List<DefinitionErrorDto> Errors)> InvalidAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.UnprocessableEntity, body);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var json = JsonDocument.Parse(body);
        var root = json.RootElement;
        Assert.Equal("definition-invalid", root.GetProperty("code").GetString());
        Assert.Equal("https://sicantik.id/problems/definition-invalid", root.GetProperty("type").GetString());
        Assert.False(string.IsNullOrWhiteSpace(root.GetProperty("title").GetString()));
        var problem = new Problem(
            root.GetProperty("type").GetString()!, root.GetProperty("title").GetString()!, root.GetProperty("status").GetInt32(),
            root.GetProperty("detail").GetString()!, "definition-invalid", null);
        var errors = root.GetProperty("errors").Deserialize<List<DefinitionErrorDto>>(TestApi.Json)!;
        Assert.NotEmpty(errors);
        Assert.All(errors, e => Assert.False(string.IsNullOrWhiteSpace(e.Message)));
        return (problem, errors);
    }

    /// <summary>The SOP's definition under another process key, so that a test's versions are its own.</summary>
    private static string SopXml(string key) =>
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "workflows", "penerbitan-izin.bpmn"))
            .Replace($"\"{SopKey}\"", $"\"{key}\"", StringComparison.Ordinal);

    /// <summary>The Kasi step's baku mutu (its escalation timer) set to <paramref name="minutes"/>.</summary>
    private static string WithKasiMinutes(string xml, int minutes)
    {
        var document = XDocument.Parse(xml);
        var timer = document.Descendants(BpmnNamespaces.Bpmn + "boundaryEvent").Single(e => (string?)e.Attribute("id") == "Timer_ValidasiKasi");
        // The SOP's baku mutu timers repeat as reminders (R3/PT5M): the baku mutu is the cycle's interval.
        timer.Descendants(BpmnNamespaces.Bpmn + "timeCycle").Single().Value = $"R3/PT{minutes}M";
        return document.Declaration + Environment.NewLine + document.ToString();
    }

    private static string WithoutFlowsFrom(string xml, string sourceId)
    {
        var document = XDocument.Parse(xml);
        document.Descendants(BpmnNamespaces.Bpmn + "sequenceFlow").Where(f => (string?)f.Attribute("sourceRef") == sourceId).Remove();
        return document.ToString();
    }
}
