using System.Net;
using System.Net.Http.Json;
using Sicantik.Perizinan;
using Sicantik.Perizinan.Applications;
using Sicantik.Perizinan.Issuance;
using Sicantik.Web.Api;
using Sicantik.Web.Tests.Support;

namespace Sicantik.Web.Tests;

/// <summary>
/// Fifty registration clerks complete the first step of fifty applications at the same moment, through the API: the
/// receipt step draws every number from the year's one sequence while the others do. A host (and database) of its own,
/// so that these are the year's first numbers.
/// </summary>
public sealed class ConcurrentClerkTests(SicantikWebFactory host) : IClassFixture<SicantikWebFactory>
{
    private const int Clerks = 50;

    [Fact]
    public async Task FiftyClerksAtOnce_AllSucceed_WithUniqueConsecutiveRegistrationNumbers()
    {
        using var applicant = await Sop.RegisterApplicantAsync(host);
        var applications = new List<ApplicationDto>();
        for (var i = 0; i < Clerks; i++)
        {
            applications.Add(await Sop.SubmitNewAsync(applicant.Client));
        }

        // Each clerk claims the check of one application.
        var clerks = new List<Clerk>();
        var claimed = new List<(Clerk Clerk, Guid TaskId)>();
        try
        {
            foreach (var application in applications)
            {
                var clerk = await host.CreateClerkAsync(SopRoles.FoPendaftaran);
                clerks.Add(clerk);
                var task = await Sop.FindTaskAsync(clerk.Client, application.Id, Steps.VerifikasiKelengkapan);
                Assert.NotNull(task);
                var mine = await clerk.Client.PostAsync<TaskItem>($"/api/tasks/{task.Id}/claim", null);
                Assert.Equal(clerk.UserId, mine.Assignee);
                claimed.Add((clerk, task.Id));
            }

            // Then all complete it at once.
            var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var completions = claimed.Select(c => Task.Run(async () =>
            {
                await start.Task;
                var response = await c.Clerk.Client.PostAsJsonAsync($"/api/tasks/{c.TaskId}/complete", new CompleteTaskRequest("lengkap", null), TestApi.Json);
                return (response.StatusCode, Body: await response.Content.ReadAsStringAsync());
            })).ToList();
            start.SetResult();
            var answers = await Task.WhenAll(completions);

            Assert.All(answers, a => Assert.True(a.StatusCode == HttpStatusCode.OK, $"{(int)a.StatusCode}: {a.Body}"));
        }
        finally
        {
            clerks.ForEach(c => c.Dispose());
        }

        var received = new List<ApplicationDto>();
        foreach (var application in applications)
        {
            var now = await applicant.Client.GetAsync<ApplicationDto>($"/api/applications/{application.Id}");
            received.Add(now);

            // One receipt each, under the application's number.
            var documents = await applicant.Client.GetAsync<List<IssuedDocumentDto>>($"/api/applications/{application.Id}/issued-documents");
            Assert.Equal(now.Number, Assert.Single(documents, d => d.Kind == IssuedDocumentKind.TandaTerima).Number);
        }

        Assert.All(received, a => Assert.Equal(ApplicationStatus.InReview, a.Status));
        var year = TimeZoneInfo.ConvertTime(SicantikWebFactory.Start, TimeZoneInfo.FindSystemTimeZoneById("Asia/Jakarta")).Year;
        Assert.Equal(
            Enumerable.Range(1, Clerks).Select(n => $"503/{n:0000}/DPMPTSP/{year}"),
            received.Select(a => a.Number).Order(StringComparer.Ordinal));

        // Each application went on to the back office's check, with its receipt.
        using var analis = await host.CreateClerkAsync(SopRoles.BoAnalis);
        var next = await analis.Client.GetAsync<List<TaskItem>>($"/api/tasks?list=available&max=200");
        Assert.Equal(
            applications.Select(a => a.Id).Order(),
            next.Where(t => t.ElementId == Steps.VerifikasiBerkas).Select(t => t.Application!.Id).Order());
    }
}
