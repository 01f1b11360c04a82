using Sicantik.Perizinan.Applications;
using Sicantik.Perizinan.PermitTypes;
using Sicantik.Perizinan.Tests.Support;

namespace Sicantik.Perizinan.Tests.Applications;

public sealed class DraftTests
{
    [Fact]
    public async Task CreateDraftAsync_ReportsEachInvalidField_InIndonesian()
    {
        await using var host = await PerizinanHost.StartAsync();
        var form = Forms.Reklame();
        form["jenis_reklame"] = "Balon udara";
        form["panjang_m"] = "empat";
        form["lebar_m"] = " ";
        form["tanggal_mulai"] = "31/02/2026";
        form["warna"] = "merah";

        var refused = await Assert.ThrowsAsync<PerizinanException>(() => host.Applications.CreateDraftAsync(new NewApplication
        {
            PermitTypeCode = PermitCatalog.Reklame,
            ApplicantId = PerizinanHost.Applicant,
            ApplicantName = "Budi Santoso",
            ApplicantNik = "34040112",
            FormValues = form,
        }));

        Assert.Equal(PerizinanError.FormInvalid, refused.Code);
        Assert.Equal("Formulir permohonan belum benar: 6 isian perlu diperbaiki.", refused.Message);
        Assert.Equal(
            new Dictionary<string, string>
            {
                ["applicantNik"] = "NIK harus terdiri dari 16 angka.",
                ["warna"] = "Isian 'warna' tidak ada pada formulir Izin Penyelenggaraan Reklame.",
                ["jenis_reklame"] = "Jenis reklame: 'Balon udara' bukan pilihan yang tersedia; pilih 'Papan/billboard', 'Baliho', 'Neon box', 'Videotron/megatron', 'Spanduk', 'Umbul-umbul' atau 'Reklame melekat (stiker)'.",
                ["panjang_m"] = "Panjang bidang reklame (meter) harus berupa angka (contoh: 12 atau 2,5), bukan 'empat'.",
                ["lebar_m"] = "Lebar bidang reklame (meter) wajib diisi.",
                ["tanggal_mulai"] = "Tanggal mulai tayang harus berupa tanggal yang benar (contoh: 2026-11-23 atau 23/11/2026), bukan '31/02/2026'.",
            },
            refused.Errors.ToDictionary(e => e.Key, e => e.Message));
        Assert.Empty(await host.Applications.ListAsync(PerizinanHost.Applicant));
    }

    [Fact]
    public async Task CreateDraftAsync_NeedsANikOrANib()
    {
        await using var host = await PerizinanHost.StartAsync();

        var refused = await Assert.ThrowsAsync<PerizinanException>(() => host.Applications.CreateDraftAsync(new NewApplication
        {
            PermitTypeCode = PermitCatalog.Reklame,
            ApplicantId = PerizinanHost.Applicant,
            ApplicantName = "PT Makmur Jaya",
            ApplicantNib = "91201000123",
            FormValues = Forms.Reklame(),
        }));

        Assert.Equal("NIB harus terdiri dari 13 angka.", Assert.Single(refused.Errors).Message);
    }

    [Fact]
    public async Task CreateDraftAsync_NormalisesNumbersAndDates()
    {
        await using var host = await PerizinanHost.StartAsync();
        var form = Forms.Reklame();
        form["panjang_m"] = "2,5";
        form["tanggal_mulai"] = "01/12/2026";
        form["koordinat"] = "  ";

        var draft = await host.Applications.CreateDraftAsync(new NewApplication
        {
            PermitTypeCode = "reklame",
            ApplicantId = PerizinanHost.Applicant,
            ApplicantName = " Budi Santoso ",
            ApplicantNik = "3404011203850001",
            FormValues = form,
        });

        var stored = await host.Applications.FindAsync(draft.Id, PerizinanHost.Applicant);
        Assert.NotNull(stored);
        Assert.Equal(ApplicationStatus.Draft, stored.Status);
        Assert.Equal(PermitCatalog.Reklame, stored.PermitTypeCode);
        Assert.Equal("Budi Santoso", stored.ApplicantName);
        Assert.Equal("2.5", stored.FormValues["panjang_m"]);
        Assert.Equal("2026-12-01", stored.FormValues["tanggal_mulai"]);
        Assert.False(stored.FormValues.ContainsKey("koordinat"));
        Assert.Null(stored.Number);
        Assert.Null(stored.ProcessInstanceId);
        Assert.Equal(PerizinanHost.MondayMorning, stored.CreatedAt);
    }

    [Fact]
    public async Task UpdateDraftAsync_ReplacesTheForm_AndIsRefusedOnceSubmitted()
    {
        await using var host = await PerizinanHost.StartAsync();
        var draft = await host.CompleteReklameAsync();
        var form = Forms.Reklame();
        form["jumlah_unit"] = "3";

        await host.Applications.UpdateDraftAsync(draft.Id, PerizinanHost.Applicant, form);
        Assert.Equal("3", (await host.ReloadAsync(draft.Id)).FormValues["jumlah_unit"]);

        await host.Applications.SubmitAsync(draft.Id, PerizinanHost.Applicant);
        var refused = await Assert.ThrowsAsync<PerizinanException>(() => host.Applications.UpdateDraftAsync(draft.Id, PerizinanHost.Applicant, form));
        Assert.Equal(PerizinanError.InvalidState, refused.Code);
    }

    [Fact]
    public async Task CreateDraftAsync_RefusesAClosedPermitType()
    {
        await using var host = await PerizinanHost.StartAsync();
        var apotek = await host.PermitTypes.GetByCodeAsync(PermitCatalog.Apotek);
        await host.PermitTypes.UpdateAsync(apotek.Code, new PermitTypeInput
        {
            Name = apotek.Name,
            LegalBasis = apotek.LegalBasis,
            IsActive = false,
            FormFields = apotek.FormFields,
            Requirements = apotek.Requirements,
        }, null, "admin");

        var refused = await Assert.ThrowsAsync<PerizinanException>(() => host.Applications.CreateDraftAsync(new NewApplication
        {
            PermitTypeCode = PermitCatalog.Apotek,
            ApplicantId = PerizinanHost.Applicant,
            ApplicantName = "apt. Rina",
            ApplicantNik = "3404011203850001",
        }));

        Assert.Equal(PerizinanError.PermitTypeInactive, refused.Code);
        Assert.Equal("Jenis izin 'Surat Izin Apotek (SIA)' sedang tidak menerima permohonan baru.", refused.Message);
    }

    [Fact]
    public async Task WithdrawAsync_ClosesADraft()
    {
        await using var host = await PerizinanHost.StartAsync();
        var draft = await host.DraftReklameAsync();

        var withdrawn = await host.Applications.WithdrawAsync(draft.Id, PerizinanHost.Applicant);

        Assert.Equal(ApplicationStatus.Withdrawn, withdrawn.Status);
        Assert.Equal(ApplicationStatus.Withdrawn, (await host.ReloadAsync(draft.Id)).Status);
        var refused = await Assert.ThrowsAsync<PerizinanException>(() => host.Applications.SubmitAsync(draft.Id, PerizinanHost.Applicant));
        Assert.Equal(PerizinanError.InvalidState, refused.Code);
    }
}
