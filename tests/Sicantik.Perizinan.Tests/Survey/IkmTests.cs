using Microsoft.Extensions.DependencyInjection;
using Sicantik.Perizinan.Survey;
using Sicantik.Perizinan.Tests.Support;
using Sicantik.Workflows.Tasks;

namespace Sicantik.Perizinan.Tests.Survey;

/// <summary>The community satisfaction index (IKM) of PermenPANRB 14/2017, against examples worked by hand.</summary>
public sealed class IkmTests
{
    private static readonly DateOnly Day = new(2026, 11, 23);

    [Fact]
    public void ThreeRespondents_WorkedByHand()
    {
        // Respondent 1 rates everything 4, respondent 2 everything 3, respondent 3 alternates 4,3,4,3,... starting at u1.
        int[][] ratings = [[4, 4, 4, 4, 4, 4, 4, 4, 4], [3, 3, 3, 3, 3, 3, 3, 3, 3], [4, 3, 4, 3, 4, 3, 4, 3, 4]];
        // Averages: u1, u3, u5, u7, u9 = (4 + 3 + 4) / 3 = 11/3 = 3.667; u2, u4, u6, u8 = (4 + 3 + 3) / 3 = 10/3 = 3.333.
        // Sum of averages = 5 × 11/3 + 4 × 10/3 = 95/3; weighted (× 1/9) = 95/27 = 3.5185; IKM = 95/27 × 25 = 87.96.
        // 87.96 lies in 76.61–88.30: grade B, "Baik".
        var report = IkmService.Compute(Day, Day, null, ratings);

        Assert.Equal(3, report.Respondents);
        Assert.Equal(87.96m, report.Index);
        Assert.Equal("B", report.Grade);
        Assert.Equal("Baik", report.Quality);
        Assert.Equal(3.667m, report.Elements[0].Average);
        Assert.Equal(3.333m, report.Elements[1].Average);
        Assert.Equal(0.407m, report.Elements[0].Weighted);
        Assert.Equal(9, report.Elements.Count);
    }

    [Theory]
    [InlineData(4, 100.00, "A")]
    [InlineData(1, 25.00, "D")]
    [InlineData(3, 75.00, "C")]
    public void EveryoneRatingTheSame(int rating, double index, string grade)
    {
        var report = IkmService.Compute(Day, Day, null, [Enumerable.Repeat(rating, 9).ToArray()]);

        Assert.Equal((decimal)index, report.Index);
        Assert.Equal(grade, report.Grade);
    }

    [Theory]
    [InlineData(88.31, "A")]
    [InlineData(88.30, "B")]
    [InlineData(76.61, "B")]
    [InlineData(76.60, "C")]
    [InlineData(65.00, "C")]
    [InlineData(64.99, "D")]
    public void GradeBoundaries(double index, string grade) =>
        Assert.Equal(grade, IkmService.Grade((decimal)index).Grade);

    [Fact]
    public void NoRespondents_NoIndex()
    {
        var report = IkmService.Compute(Day, Day, null, []);

        Assert.Equal(0, report.Respondents);
        Assert.Null(report.Index);
        Assert.Null(report.Grade);
    }

    [Fact]
    public void Csv_ListsThePeriod_EachElement_TheRespondents_AndTheIndex_SemicolonsAndDecimalCommas()
    {
        var report = IkmService.Compute(Day, Day, null, [[4, 4, 4, 4, 4, 4, 4, 4, 4], [3, 3, 3, 3, 3, 3, 3, 3, 3]]);
        var csv = IkmService.ToCsv(report);
        var lines = csv.TrimEnd().Split("\r\n");

        Assert.Equal(14, lines.Length);
        Assert.Equal("\"Periode\";\"2026-11-23 s.d. 2026-11-23\";;", lines[0]);
        Assert.Equal("\"Jenis izin\";\"Semua jenis izin\";;", lines[1]);
        Assert.Equal("\"Unsur\";\"Pertanyaan\";\"Nilai rata-rata (NRR)\";\"NRR tertimbang\"", lines[2]);
        Assert.Equal("\"U1\";\"Kesesuaian persyaratan pelayanan dengan jenis pelayanannya\";3,500;0,389", lines[3]);
        Assert.Equal("\"Jumlah responden\";;2;", lines[12]);
        Assert.Equal("\"IKM\";;87,50;\"B (Baik)\"", lines[13]);
        var file = IkmService.ToCsvFile(report);
        Assert.Equal([0xEF, 0xBB, 0xBF], file[..3]);
        Assert.Equal(csv, System.Text.Encoding.UTF8.GetString(file, 3, file.Length - 3));
    }

    [Fact]
    public async Task ASubmittedSurvey_IsStoredAnonymously_AndCountsInTheDaysReport()
    {
        await using var host = await PerizinanHost.StartAsync();
        var application = await host.SubmittedReklameAsync();
        await host.StaffAsync(application.Id, "Task_VerifikasiKelengkapan", "fo-pendaftaran", "lengkap");
        await host.StaffAsync(application.Id, "Task_VerifikasiBerkas", "bo-analis", "sesuai");
        await host.StaffAsync(application.Id, "Task_ValidasiKasi", "kasi-perizinan", "valid");
        await host.StaffAsync(application.Id, "Task_PersetujuanKabid", "kabid-perizinan", "setuju");
        await host.StaffAsync(application.Id, "Task_TandaTanganKadis", "kadis");
        var survey = host.Services.GetRequiredService<SurveyService>();

        await survey.SubmitAsync(application.Id, PerizinanHost.Applicant, new Dictionary<string, int>
        {
            ["u1"] = 4, ["u2"] = 3, ["u3"] = 4, ["u4"] = 4, ["u5"] = 3, ["u6"] = 4, ["u7"] = 4, ["u8"] = 3, ["u9"] = 4,
        }, "Antrean loker perlu diperjelas");

        var ikm = host.Services.GetRequiredService<IkmService>();
        var today = DateOnly.FromDateTime(PerizinanHost.MondayMorning.DateTime);
        var report = await ikm.ComputeAsync(today, today);
        Assert.Equal(1, report.Respondents);
        // (6 × 4 + 3 × 3) / 9 × 25 = 33/9 × 25 = 91.67: grade A.
        Assert.Equal(91.67m, report.Index);
        Assert.Equal("A", report.Grade);
        Assert.Equal(1, (await ikm.ComputeAsync(today, today, "REKLAME")).Respondents);
        Assert.Equal(0, (await ikm.ComputeAsync(today, today, "SIA")).Respondents);
        Assert.Equal(0, (await ikm.ComputeAsync(today.AddDays(1), today.AddDays(1))).Respondents);
        Assert.Empty(await host.Tasks.QueryAsync(new TaskQuery { BusinessKey = application.BusinessKey, ElementId = "Task_IsiSKM" }));
    }
}
