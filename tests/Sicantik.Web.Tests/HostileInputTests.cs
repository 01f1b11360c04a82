using System.Globalization;
using System.Net;
using System.Security;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Sicantik.Web.Api;
using Sicantik.Web.ProcessAdmin;
using Sicantik.Web.Tests.ProcessAdmin;
using Sicantik.Web.Tests.Support;
using Sicantik.Workflows.Definitions;
using Sicantik.Workflows.Runtime;

namespace Sicantik.Web.Tests;

/// <summary>Definitions built to stop the host are refused through the admin API, and the host answers on.</summary>
public sealed class HostileDefinitionTests(SicantikWebFactory host) : IClassFixture<SicantikWebFactory>
{
    private const string Definitions = """<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="Defs_Uji" targetNamespace="http://sicantik.id/uji">""";

    public static TheoryData<string, string, string> Hostile => new()
    {
        { "parentheses", "InvalidExpression", "bersarang lebih dari 64 tingkat" },
        { "sub-processes", "DocumentTooDeep", "bersarang lebih dari 64 tingkat" },
        { "elements", "DocumentTooDeep", "baris 3" },
        { "entities", "DtdProhibited", "DTD tidak diizinkan" },
        { "external-entity", "DtdProhibited", "baris 1" },
    };

    [Theory]
    [MemberData(nameof(Hostile))]
    public async Task ValidateAndDeploy_RefuseHostileDefinition_AndHostKeepsAnswering(string kind, string rule, string message)
    {
        using var admin = await host.AdminAsync();
        var xml = Build(kind);

        foreach (var path in new[] { "/api/admin/definitions/validate", "/api/admin/definitions" })
        {
            using var body = new StringContent(xml, Encoding.UTF8, "application/xml");
            var (_, errors) = await DefinitionApiTests.InvalidAsync(await admin.PostAsync(path, body));

            var error = Assert.Single(errors, e => e.Rule == rule);
            Assert.Contains(message, error.Message, StringComparison.Ordinal);
        }

        var list = await admin.GetAsync<List<DefinitionSummaryDto>>("/api/admin/definitions");
        Assert.DoesNotContain(list, d => d.Key == "uji-jahat");
    }

    private static string Build(string kind) => kind switch
    {
        "parentheses" => Definitions + $$"""
            <bpmn:process id="uji-jahat" isExecutable="true">
              <bpmn:startEvent id="Mulai" />
              <bpmn:sequenceFlow id="f1" sourceRef="Mulai" targetRef="Jalur" />
              <bpmn:exclusiveGateway id="Jalur" default="f3" />
              <bpmn:sequenceFlow id="f2" sourceRef="Jalur" targetRef="Selesai"><bpmn:conditionExpression>${{{new string('(', 20_000)}}true{{new string(')', 20_000)}}}</bpmn:conditionExpression></bpmn:sequenceFlow>
              <bpmn:sequenceFlow id="f3" sourceRef="Jalur" targetRef="Selesai" />
              <bpmn:endEvent id="Selesai" />
            </bpmn:process></bpmn:definitions>
            """,
        "sub-processes" => Definitions + """<bpmn:process id="uji-jahat" isExecutable="true">"""
            + string.Concat(Enumerable.Range(1, 20_000).Select(i => string.Create(CultureInfo.InvariantCulture, $"""<bpmn:subProcess id="Sub{i}">""")))
            + string.Concat(Enumerable.Repeat("</bpmn:subProcess>", 20_000))
            + "</bpmn:process></bpmn:definitions>",
        "elements" => Definitions + "\n<bpmn:process id=\"uji-jahat\" isExecutable=\"true\">\n"
            + string.Concat(Enumerable.Repeat("<a>", 200_000)) + string.Concat(Enumerable.Repeat("</a>", 200_000))
            + "</bpmn:process></bpmn:definitions>",
        "entities" => "<?xml version=\"1.0\"?>\n<!DOCTYPE d [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\"><!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">]>\n"
            + Definitions + "<bpmn:process id=\"uji-jahat\" name=\"&c;\" isExecutable=\"true\" /></bpmn:definitions>",
        "external-entity" => "<!DOCTYPE d [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
            + Definitions + "<bpmn:process id=\"uji-jahat\" name=\"&x;\" isExecutable=\"true\" /></bpmn:definitions>",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };
}

/// <summary>
/// Scripts built to stop the host run as script tasks in the worker process: each becomes an incident on its
/// instance with the reason, and the host (and the next script) runs on.
/// </summary>
public sealed class HostileScriptTests(HostileScriptTests.ScriptHost fixture) : IClassFixture<HostileScriptTests.ScriptHost>
{
    private const string DeepArray = "let a = []; for (let i = 0; i < 40000; i++) { a = [a]; } ";

    public static TheoryData<string, string> Hostile => new()
    {
        { DeepArray + "JSON.stringify(a);", "menghentikan proses pekerjanya" },
        { DeepArray + "String(a);", "menghentikan proses pekerjanya" },
        { "const s = ['x'.repeat(2**28), 'x'.repeat(2**28), 'x'.repeat(2**28), 'x'.repeat(2**28)]; s.length;", "MB memori" },
        { "const v = new Int32Array(new ArrayBuffer(16)); Atomics.wait(v, 0, 0, 100000);", "Atomics" },
        { "import('fs');", "tidak boleh memuat modul" },
        { "while (true) {}", "pernyataan" },
        { "execution.setVariable('besar', 'x'.repeat(2000000));", "terlalu besar" },
    };

    private SicantikWebFactory Host => fixture.Host;

    [Theory]
    [MemberData(nameof(Hostile))]
    public async Task HostileScript_BecomesAnIncidentWithItsReason_AndTheNextScriptRuns(string script, string reason)
    {
        using var admin = await Host.AdminAsync();
        var key = await DeployAsync(admin, script);

        var faulted = await Instances.ViewAsync(admin, await StartAsync(key));

        Assert.Equal(InstanceState.Faulted, faulted.State);
        var incident = Assert.Single(faulted.Incidents);
        Assert.Equal(("Skrip", IncidentKind.ExpressionFailed), (incident.ElementId, incident.Kind));
        Assert.Contains(reason, incident.Message, StringComparison.Ordinal);

        var next = await Instances.ViewAsync(admin, await StartAsync(await DeployAsync(admin, "execution.setVariable('hasil', 40 + 2);")));
        Assert.Equal(InstanceState.Completed, next.State);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/api/admin/definitions")).StatusCode);
    }

    [Fact]
    public void TheHost_RunsScriptsOutOfProcess()
    {
        Assert.IsType<Sicantik.Workflows.Expressions.WorkerScriptEvaluator>(Host.Services.GetRequiredService<Sicantik.Workflows.Expressions.IExpressionEvaluator>());
    }

    private async Task<string> DeployAsync(HttpClient admin, string script)
    {
        var key = Host.Unique("uji-skrip-");
        var xml = $"""
            <?xml version="1.0" encoding="UTF-8"?>
            <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="Defs_{key}" targetNamespace="http://sicantik.id/uji">
              <bpmn:process id="{key}" name="Uji skrip" isExecutable="true">
                <bpmn:startEvent id="Mulai" />
                <bpmn:sequenceFlow id="f1" sourceRef="Mulai" targetRef="Skrip" />
                <bpmn:scriptTask id="Skrip" name="Skrip" scriptFormat="javascript"><bpmn:script>{SecurityElement.Escape(script)}</bpmn:script></bpmn:scriptTask>
                <bpmn:sequenceFlow id="f2" sourceRef="Skrip" targetRef="Selesai" />
                <bpmn:endEvent id="Selesai" />
              </bpmn:process>
            </bpmn:definitions>
            """;
        using var body = new StringContent(xml, Encoding.UTF8, "application/xml");
        var draft = await TestApi.ReadAsync<DeploymentDto>(await admin.PostAsync("/api/admin/definitions", body), HttpStatusCode.Created);
        await admin.PostAsync<DefinitionVersionDto>($"/api/admin/definitions/{key}/versions/{draft.Version}/publish", null);
        return key;
    }

    private async Task<Guid> StartAsync(string key)
    {
        var previous = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("id-ID");
        try
        {
            await using var scope = Host.Services.CreateAsyncScope();
            var started = await scope.ServiceProvider.GetRequiredService<RuntimeService>().StartAsync(new StartInstanceRequest { DefinitionKey = key });
            return started.Id;
        }
        finally
        {
            CultureInfo.CurrentUICulture = previous;
        }
    }

    /// <summary>
    /// The real host, with the time limits raised: a busy test machine may take more than the default 200 ms to build a
    /// 40,000-deep array, and a worker dying of a stack overflow first prints the whole stack, which may take seconds;
    /// these tests check what becomes of such a script, not the clock (the engine's tests check the wall-clock kill).
    /// </summary>
    public sealed class ScriptHost : IAsyncLifetime
    {
        private static readonly string[] Variables = ["Workflows__Expressions__Timeout", "Workflows__ScriptWorker__Timeout"];

        public SicantikWebFactory Host { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            // Environment variables are read once, when the host builds its configuration.
            foreach (var variable in Variables)
            {
                Environment.SetEnvironmentVariable(variable, "00:00:30");
            }

            try
            {
                Host = new SicantikWebFactory();
                await Host.InitializeAsync();
            }
            finally
            {
                foreach (var variable in Variables)
                {
                    Environment.SetEnvironmentVariable(variable, null);
                }
            }
        }

        public async Task DisposeAsync() => await ((IAsyncLifetime)Host).DisposeAsync();
    }
}
