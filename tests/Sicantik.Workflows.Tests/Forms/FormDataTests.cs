using Sicantik.Workflows.Definitions;
using Sicantik.Workflows.Expressions;
using Sicantik.Workflows.Forms;
using Sicantik.Workflows.Runtime;
using Sicantik.Workflows.Tasks;
using Sicantik.Workflows.Tests.Support;
using Sicantik.Workflows.Timers;

namespace Sicantik.Workflows.Tests.Forms;

public sealed class FormDataTests
{
    private static readonly BpmnReader Reader = new(
        new JintExpressionEvaluator(new ExpressionOptions()),
        [new WallClockCalendar(), new OfficeHoursCalendar(new OfficeHoursOptions(), FixedHolidays.None)]);

    private static readonly WorkflowUser Ani = new("ani", "staf");

    private const string ReviewForm = """
        <bpmn:extensionElements>
          <camunda:formData>
            <camunda:formField id="approved" label="Disetujui" type="boolean">
              <camunda:validation><camunda:constraint name="required" /></camunda:validation>
            </camunda:formField>
            <camunda:formField id="luas" label="Luas bangunan (m²)" type="long" defaultValue="100">
              <camunda:validation><camunda:constraint name="min" config="1" /><camunda:constraint name="max" config="5000" /></camunda:validation>
            </camunda:formField>
            <camunda:formField id="tanggalSurvei" label="Tanggal survei" type="date" />
            <camunda:formField id="zona" label="Zona" type="enum">
              <camunda:value id="hijau" name="Zona hijau" />
              <camunda:value id="kuning" name="Zona kuning" />
            </camunda:formField>
            <camunda:formField id="catatanTeknis" label="Catatan teknis" type="string">
              <camunda:properties><camunda:property id="rows" value="3" /></camunda:properties>
              <camunda:validation><camunda:constraint name="maxlength" config="10" /></camunda:validation>
            </camunda:formField>
            <camunda:formField id="nomorBerkas" label="Nomor berkas" type="string">
              <camunda:validation><camunda:constraint name="readonly" /></camunda:validation>
            </camunda:formField>
          </camunda:formData>
        </bpmn:extensionElements>
        """;

    /// <summary>start → Tinjau (the form) → gateway on <c>${approved}</c> → Terbit / Ditolak.</summary>
    private static readonly string Review = Bpmn.Process(
        $"""
        <bpmn:startEvent id="Start" />
        <bpmn:userTask id="Tinjau" name="Tinjauan teknis" camunda:candidateGroups="staf">{ReviewForm}</bpmn:userTask>
        <bpmn:exclusiveGateway id="Keputusan" />
        <bpmn:userTask id="Terbitkan" name="Terbitkan" camunda:candidateGroups="staf" />
        <bpmn:endEvent id="Ditolak" />
        <bpmn:endEvent id="Terbit" />
        {Bpmn.Flow("f1", "Start", "Tinjau")}
        {Bpmn.Flow("f2", "Tinjau", "Keputusan")}
        {Bpmn.Flow("fYa", "Keputusan", "Terbitkan", "${approved}")}
        {Bpmn.Flow("fTidak", "Keputusan", "Ditolak", "${!approved}")}
        {Bpmn.Flow("f3", "Terbitkan", "Terbit")}
        """,
        "review");

    private static string WithField(string field) => Bpmn.SingleTask(taskBody: $"<bpmn:extensionElements><camunda:formData>{field}</camunda:formData></bpmn:extensionElements>");

    private static ValidationError SingleError(string xml, string rule)
    {
        var result = Reader.Read(xml);
        Assert.Null(result.Model);
        var error = Assert.Single(result.Errors);
        Assert.Equal(rule, error.Rule);
        Assert.Equal("Task", error.ElementId);
        Assert.Contains("userTask 'Task'", error.Message, StringComparison.Ordinal);
        return error;
    }

    [Fact]
    public void Read_KeepsEveryFieldWithTypeLabelDefaultConstraintsValuesAndProperties()
    {
        var model = Reader.Parse(Review);

        var form = Assert.IsType<UserTask>(model.Node("Tinjau")).Form;
        Assert.NotNull(form);
        Assert.Equal(["approved", "luas", "tanggalSurvei", "zona", "catatanTeknis", "nomorBerkas"], form.Fields.Select(f => f.Id));
        var approved = form.Field("approved")!;
        Assert.Equal(("Disetujui", FormFieldType.Boolean, "boolean"), (approved.Label, approved.Type, approved.TypeName));
        Assert.True(approved.Constraints.Required);
        var luas = form.Field("luas")!;
        Assert.Equal(("long", 100L, 1L, 5000L), (luas.TypeName, luas.DefaultValue, luas.Constraints.Min, luas.Constraints.Max));
        Assert.Equal([new FormFieldOption("hijau", "Zona hijau"), new FormFieldOption("kuning", "Zona kuning")], form.Field("zona")!.Options);
        Assert.Equal("3", form.Field("catatanTeknis")!.Properties["rows"]);
        Assert.Equal(10, form.Field("catatanTeknis")!.Constraints.MaxLength);
        Assert.True(form.Field("nomorBerkas")!.Constraints.ReadOnly);
        Assert.Null(Assert.IsType<UserTask>(model.Node("Terbitkan")).Form);
    }

    [Fact]
    public void Read_KeepsTheNoneStartEventsForm()
    {
        var model = Reader.Parse(Bpmn.Process(
            $"""
            <bpmn:startEvent id="Start"><bpmn:extensionElements><camunda:formData><camunda:formField id="pemohon" label="Nama pemohon" type="string" /></camunda:formData></bpmn:extensionElements></bpmn:startEvent>
            <bpmn:endEvent id="End" />
            {Bpmn.Flow("f1", "Start", "End")}
            """));

        Assert.Equal("Nama pemohon", Assert.Single(model.StartEvent.Form!.Fields).Label);
    }

    [Theory]
    [InlineData("""<camunda:formField id="a" type="custom" />""", "FormFieldUnknownType", "'a'")]
    [InlineData("""<camunda:formField id="a" />""", "FormFieldUnknownType", "'a'")]
    [InlineData("""<camunda:formField id="a" type="string" /><camunda:formField id="a" type="long" />""", "FormFieldDuplicate", "'a'")]
    [InlineData("""<camunda:formField id="zona" type="enum" />""", "FormEnumWithoutValues", "'zona'")]
    [InlineData("""<camunda:formField type="string" />""", "FormFieldMissingId", "id")]
    [InlineData("""<camunda:formField id="n" type="long" defaultValue="0"><camunda:validation><camunda:constraint name="min" config="1" /></camunda:validation></camunda:formField>""", "FormDefaultInvalid", "'n'")]
    [InlineData("""<camunda:formField id="n" type="long" defaultValue="dua" />""", "FormDefaultInvalid", "bilangan bulat")]
    [InlineData("""<camunda:formField id="s" type="string" defaultValue="terlalu panjang"><camunda:validation><camunda:constraint name="maxlength" config="5" /></camunda:validation></camunda:formField>""", "FormDefaultInvalid", "'s'")]
    [InlineData("""<camunda:formField id="z" type="enum" defaultValue="merah"><camunda:value id="hijau" /></camunda:formField>""", "FormDefaultInvalid", "hijau")]
    [InlineData("""<camunda:formField id="n" type="long"><camunda:validation><camunda:constraint name="min" config="10" /><camunda:constraint name="max" config="5" /></camunda:validation></camunda:formField>""", "FormMinAboveMax", "min (10)")]
    [InlineData("""<camunda:formField id="d" type="date"><camunda:validation><camunda:constraint name="min" config="2026-12-31" /><camunda:constraint name="max" config="2026-01-01" /></camunda:validation></camunda:formField>""", "FormMinAboveMax", "'d'")]
    [InlineData("""<camunda:formField id="s" type="string"><camunda:validation><camunda:constraint name="minlength" config="9" /><camunda:constraint name="maxlength" config="3" /></camunda:validation></camunda:formField>""", "FormMinAboveMax", "minlength")]
    [InlineData("""<camunda:formField id="s" type="string"><camunda:validation><camunda:constraint name="min" config="1" /></camunda:validation></camunda:formField>""", "FormConstraintNotForType", "string")]
    [InlineData("""<camunda:formField id="n" type="long"><camunda:validation><camunda:constraint name="max" config="banyak" /></camunda:validation></camunda:formField>""", "FormConstraintInvalid", "banyak")]
    [InlineData("""<camunda:formField id="n" type="long"><camunda:validation><camunda:constraint name="validator" config="org.example.Check" /></camunda:validation></camunda:formField>""", "FormConstraintUnknown", "validator")]
    [InlineData("""<camunda:formField id="b" type="boolean"><camunda:value id="x" /></camunda:formField>""", "FormValuesNotEnum", "'b'")]
    [InlineData("""<camunda:formField id="s" type="string" defaultValue="${nama}" />""", "FormDefaultExpression", "'s'")]
    public void Read_Refuses_ABrokenFieldNamingTheElementAndField(string field, string rule, string named)
    {
        var error = SingleError(WithField(field), rule);

        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Complete_TypesFormValuesAndTheGatewayRoutesOnThem()
    {
        await using var engine = TestEngine.Create();
        await engine.DeployAsync(Review);
        var instance = await engine.StartAsync("review", new { nomorBerkas = "B-7" });
        var task = await engine.TaskAsync(instance.Id, "Tinjau");

        await engine.Tasks.CompleteAsync(task.Id, Ani, variables: new Dictionary<string, object?>
        {
            ["approved"] = "true",
            ["luas"] = "250",
            ["tanggalSurvei"] = "07/12/2026",
            ["zona"] = "kuning",
            ["lain"] = 3L,
        });

        var after = await engine.InstanceAsync(instance.Id);
        Assert.Equal(true, after.Variables["approved"]);
        Assert.Equal(250L, after.Variables["luas"]);
        Assert.Equal("2026-12-07", after.Variables["tanggalSurvei"]);
        Assert.Equal("kuning", after.Variables["zona"]);
        Assert.Equal("B-7", after.Variables["nomorBerkas"]);
        Assert.Equal(3L, after.Variables["lain"]);
        Assert.False(after.Variables.ContainsKey("catatanTeknis"));
        Assert.Equal(instance.Id, (await engine.TaskAsync(instance.Id, "Terbitkan")).InstanceId);
    }

    [Fact]
    public async Task Complete_TakesTheDefault_WhenAFieldIsLeftOut_AndRoutesFalseToTheOtherEnd()
    {
        await using var engine = TestEngine.Create();
        await engine.DeployAsync(Review);
        var instance = await engine.StartAsync("review");
        var task = await engine.TaskAsync(instance.Id, "Tinjau");

        await engine.Tasks.CompleteAsync(task.Id, Ani, variables: new Dictionary<string, object?> { ["approved"] = false });

        var after = await engine.InstanceAsync(instance.Id);
        Assert.Equal(InstanceState.Completed, after.State);
        Assert.Equal(false, after.Variables["approved"]);
        Assert.Equal(100L, after.Variables["luas"]);
    }

    [Fact]
    public async Task Complete_RefusesWrongValuesWithAMessagePerField_AndChangesNothing()
    {
        await using var engine = TestEngine.Create();
        await engine.DeployAsync(Review);
        var instance = await engine.StartAsync("review", new { nomorBerkas = "B-7" });
        var task = await engine.TaskAsync(instance.Id, "Tinjau");

        var ex = await Assert.ThrowsAsync<FormInvalidException>(() => engine.Tasks.CompleteAsync(task.Id, Ani, variables: new Dictionary<string, object?>
        {
            ["luas"] = "9999",
            ["tanggalSurvei"] = "besok",
            ["zona"] = "merah",
            ["catatanTeknis"] = "lebih dari sepuluh",
            ["nomorBerkas"] = "B-8",
        }));

        Assert.Equal(WorkflowError.FormInvalid, ex.Error);
        Assert.Equal(["approved", "catatanTeknis", "luas", "nomorBerkas", "tanggalSurvei", "zona"], ex.FieldErrors.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("Disetujui wajib diisi.", Assert.Single(ex.FieldErrors["approved"]));
        Assert.Equal("Luas bangunan (m²) paling besar 5000.", Assert.Single(ex.FieldErrors["luas"]));
        Assert.Contains("hijau, kuning", ex.FieldErrors["zona"][0], StringComparison.Ordinal);
        Assert.Contains("10 karakter", ex.FieldErrors["catatanTeknis"][0], StringComparison.Ordinal);
        Assert.Contains("hanya untuk dibaca", ex.FieldErrors["nomorBerkas"][0], StringComparison.Ordinal);
        Assert.Contains("Tinjauan teknis", ex.Message, StringComparison.Ordinal);
        Assert.True((await engine.Tasks.GetAsync(task.Id)).IsOpen);
        var after = await engine.InstanceAsync(instance.Id);
        Assert.False(after.Variables.ContainsKey("luas"));
        Assert.Equal("B-7", after.Variables["nomorBerkas"]);
    }

    [Theory]
    [InlineData("approved", "ya")]
    [InlineData("approved", 1L)]
    [InlineData("luas", 2.5)]
    [InlineData("luas", true)]
    [InlineData("tanggalSurvei", 20261207L)]
    [InlineData("catatanTeknis", 5L)]
    public async Task Complete_RefusesAValueOfTheWrongType(string field, object value)
    {
        await using var engine = TestEngine.Create();
        await engine.DeployAsync(Review);
        var instance = await engine.StartAsync("review");
        var task = await engine.TaskAsync(instance.Id, "Tinjau");
        var variables = new Dictionary<string, object?> { ["approved"] = true, [field] = value };

        var ex = await Assert.ThrowsAsync<FormInvalidException>(() => engine.Tasks.CompleteAsync(task.Id, Ani, variables: variables));

        Assert.Equal([field], ex.FieldErrors.Keys);
    }

    [Fact]
    public async Task Complete_KeepsAValueTheProcessHolds_WhenARequiredFieldIsLeftOut()
    {
        await using var engine = TestEngine.Create();
        await engine.DeployAsync(Review);
        var instance = await engine.StartAsync("review", new { approved = true });
        var task = await engine.TaskAsync(instance.Id, "Tinjau");

        await engine.Tasks.CompleteAsync(task.Id, Ani);

        Assert.Equal(instance.Id, (await engine.TaskAsync(instance.Id, "Terbitkan")).InstanceId);
    }

    [Fact]
    public async Task Start_ChecksAndTypesTheStartForm()
    {
        await using var engine = TestEngine.Create();
        await engine.DeployAsync(Bpmn.Process(
            $"""
            <bpmn:startEvent id="Start"><bpmn:extensionElements><camunda:formData>
              <camunda:formField id="jumlah" label="Jumlah" type="long"><camunda:validation><camunda:constraint name="required" /></camunda:validation></camunda:formField>
            </camunda:formData></bpmn:extensionElements></bpmn:startEvent>
            <bpmn:userTask id="Task" name="Tugas" camunda:candidateGroups="staf" />
            <bpmn:endEvent id="End" />
            {Bpmn.Flow("f1", "Start", "Task")}
            {Bpmn.Flow("f2", "Task", "End")}
            """,
            "startform"));

        var ex = await Assert.ThrowsAsync<FormInvalidException>(() => engine.StartAsync("startform"));
        var started = await engine.StartAsync("startform", new { jumlah = "12" });

        Assert.Equal("Jumlah wajib diisi.", Assert.Single(ex.FieldErrors["jumlah"]));
        Assert.Equal(12L, started.Variables["jumlah"]);
    }

    [Fact]
    public void Current_ShowsTheProcessValueElseTheDefault()
    {
        var form = Assert.IsType<UserTask>(Reader.Parse(Review).Node("Tinjau")).Form!;

        var values = FormValues.Current(form, new Dictionary<string, object?> { ["zona"] = "hijau" });

        Assert.Equal(100L, values["luas"]);
        Assert.Equal("hijau", values["zona"]);
        Assert.Null(values["approved"]);
    }
}
