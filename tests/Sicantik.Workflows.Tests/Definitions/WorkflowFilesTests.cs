using Microsoft.Extensions.DependencyInjection;
using Sicantik.Workflows.Definitions;
using Sicantik.Workflows.Tests.Support;

namespace Sicantik.Workflows.Tests.Definitions;

/// <summary>Every definition the project ships must load and validate.</summary>
public sealed class WorkflowFilesTests
{
    public static TheoryData<string> Files()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.EnumerateFiles(Path.Combine(AppContext.BaseDirectory, "workflows"), "*.bpmn"))
        {
            data.Add(Path.GetFileName(file));
        }

        return data;
    }

    [Fact]
    public void WorkflowsFolder_HoldsTheSop()
    {
        Assert.True(File.Exists(Path.Combine(AppContext.BaseDirectory, "workflows", "penerbitan-izin.bpmn")));
        Assert.NotEmpty(Files());
    }

    [Theory]
    [MemberData(nameof(Files))]
    public async Task EveryWorkflowFile_LoadsWithoutErrorsOrWarnings(string file)
    {
        await using var engine = TestEngine.Create();
        var xml = await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "workflows", file));

        var result = engine.Services.GetRequiredService<BpmnReader>().Read(xml);

        Assert.Empty(result.Errors);
        Assert.Empty(result.Warnings);
        Assert.Equal(Path.GetFileNameWithoutExtension(file), result.Model!.Key);
    }

    [Fact]
    public async Task Sop_HasALanePerActor_AndABakuMutuOnEveryStaffTask()
    {
        await using var engine = TestEngine.Create();
        var model = engine.Services.GetRequiredService<BpmnReader>().Parse(Bpmn.Sop);

        Assert.Equal(
            ["fo-pendaftaran", "bo-analis", "kasi-perizinan", "kabid-perizinan", "kadis", "fo-pengambilan", "fo-pengaduan"],
            model.Lanes.SelectMany(l => l.CandidateGroups));
        var staffTasks = model.Nodes.Values.OfType<UserTask>().Where(t => t.Assignee is null).ToList();
        Assert.Equal(7, staffTasks.Count);
        Assert.All(staffTasks, task =>
        {
            var timer = Assert.Single(task.BoundaryEvents);
            Assert.False(timer.CancelActivity);
            Assert.NotNull(timer.EscalateTo);
            Assert.Equal("office-hours", timer.Timer.Calendar);
        });
    }
}
