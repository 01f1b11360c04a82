using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Sicantik.Data.Tests.Support;
using Sicantik.Perizinan.Survey;
using Sicantik.Workflows.Runtime;

namespace Sicantik.Data.Tests;

/// <summary>The migration that takes the SKM answers out of the instances, which name the applicant.</summary>
public sealed class SurveyAnswerMigrationTests
{
    private const string Migration = "RemoveSurveyAnswersFromInstances";

    [Fact]
    public async Task Migration_RemovesSurveyAnswersFromInstances_KeepsTheProof_AndCoarsensStoredResponses()
    {
        await using var database = TestDatabase.Create();
        // 2026-03-02 01:30 WIB: late in the UTC day before, early in the office's day.
        var submitted = new DateTimeOffset(2026, 3, 1, 18, 30, 15, 123, TimeSpan.Zero);
        await using var process = database.Process(new FakeTimeProvider(submitted));
        var oldInstance = Guid.CreateVersion7(submitted);
        var otherInstance = Guid.CreateVersion7(submitted.AddSeconds(1));
        var response = Guid.CreateVersion7(submitted);

        // The database as the version before the migration left it: an instance with the answers, one without a survey.
        await using (var scope = process.CreateAsyncScope())
        {
            var context = scope.ServiceProvider.GetRequiredService<SicantikDbContext>();
            var migrations = context.Database.GetMigrations().ToList();
            var index = migrations.FindIndex(m => m.EndsWith("_" + Migration, StringComparison.Ordinal));
            Assert.True(index > 0, $"the migration {Migration} exists");
            await context.GetService<IMigrator>().MigrateAsync(migrations[index - 1]);

            context.Add(Instance(oldInstance, submitted, new Dictionary<string, object?>(StringComparer.Ordinal)
            {
                ["pemohon"] = "pemohon-1",
                ["namaPemohon"] = "Budi Santoso",
                ["skm"] = new Dictionary<string, object?> { ["u1"] = 4, ["u2"] = 3, ["u3"] = 4, ["u4"] = 4, ["u5"] = 2, ["u6"] = 4, ["u7"] = 4, ["u8"] = 3, ["u9"] = 4 },
                ["skmSaran"] = "Petugas loket 2 kurang ramah",
                ["skmMelalui"] = "kiosk",
                ["skmKioskDibukaOleh"] = "lina",
            }));
            context.Add(Instance(otherInstance, submitted, new Dictionary<string, object?>(StringComparer.Ordinal)
            {
                ["pemohon"] = "pemohon-2",
                ["namaPemohon"] = "Siti Aminah",
            }));
            context.Add(new SurveyResponse
            {
                Id = response,
                PermitTypeCode = "SIP-PERAWAT",
                SubmittedAt = submitted,
                Channel = SurveyChannel.Kiosk,
                U1 = 4, U2 = 3, U3 = 4, U4 = 4, U5 = 2, U6 = 4, U7 = 4, U8 = 3, U9 = 4,
                Suggestion = "Petugas loket 2 kurang ramah",
            });
            await context.SaveChangesAsync();
        }

        TestDatabase.Migrate(process);

        await using (var scope = process.CreateAsyncScope())
        {
            var context = scope.ServiceProvider.GetRequiredService<SicantikDbContext>();
            var instances = await context.Set<ProcessInstance>().AsNoTracking().ToDictionaryAsync(i => i.Id);

            var migrated = instances[oldInstance].Variables;
            Assert.False(migrated.ContainsKey("skm"), "the answers leave the instance");
            Assert.False(migrated.ContainsKey("skmSaran"), "the suggestion leaves the instance");
            Assert.Equal(true, migrated["skmDiisi"]);
            Assert.Equal("kiosk", migrated["skmMelalui"]);
            Assert.Equal("lina", migrated["skmKioskDibukaOleh"]);
            Assert.Equal("Budi Santoso", migrated["namaPemohon"]);

            var untouched = instances[otherInstance].Variables;
            Assert.Equal(["namaPemohon", "pemohon"], untouched.Keys.Order(StringComparer.Ordinal));

            // The anonymous store keeps the ratings, on the office's day, under an id that carries no time.
            var stored = Assert.Single(await context.Set<SurveyResponse>().AsNoTracking().ToListAsync());
            Assert.NotEqual(response, stored.Id);
            Assert.Equal(new DateTimeOffset(2026, 3, 2, 0, 0, 0, TimeSpan.FromHours(7)), stored.SubmittedAt);
            Assert.Equal([4, 3, 4, 4, 2, 4, 4, 3, 4], stored.Ratings);
            Assert.Equal("Petugas loket 2 kurang ramah", stored.Suggestion);
        }
    }

    private static ProcessInstance Instance(Guid id, DateTimeOffset startedAt, Dictionary<string, object?> variables) => new()
    {
        Id = id,
        DefinitionKey = "penerbitan-izin",
        DefinitionVersion = 1,
        BusinessKey = id.ToString("D"),
        State = InstanceState.Running,
        StartedAt = startedAt,
        Variables = variables,
    };
}
