using Microsoft.Extensions.DependencyInjection;
using Sicantik.Perizinan.PermitTypes;
using Sicantik.Perizinan.Tests.Support;

namespace Sicantik.Perizinan.Tests.PermitTypes;

public sealed class PermitCatalogTests
{
    [Fact]
    public async Task SeedAsync_AddsTheThreeTypes_ThenNothingOnTheSecondRun()
    {
        await using var host = await PerizinanHost.StartAsync(seed: false);
        var seeder = host.Services.GetRequiredService<PermitCatalogSeeder>();

        var first = await seeder.SeedAsync();
        var second = await seeder.SeedAsync();

        Assert.Equal([PermitCatalog.SipPerawat, PermitCatalog.Reklame, PermitCatalog.Apotek], first);
        Assert.Empty(second);
        var all = await host.PermitTypes.ListAllAsync();
        Assert.Equal(3, all.Count);
        Assert.All(all, t =>
        {
            Assert.True(t.IsActive);
            Assert.Equal(PermitTypeDefaults.ProcessKey, t.ProcessKey);
            Assert.NotEmpty(t.LegalBasis);
            Assert.NotEmpty(t.FormFields);
            Assert.True(t.Requirements.Count(r => r.Mandatory) >= 6);
        });
    }

    [Fact]
    public async Task SeededTypes_CarryTheirRegulationsRequirementLists()
    {
        await using var host = await PerizinanHost.StartAsync();

        var sip = await host.PermitTypes.GetByCodeAsync(PermitCatalog.SipPerawat);
        Assert.Contains("Peraturan Menteri Kesehatan Nomor 26 Tahun 2019", sip.LegalBasis, StringComparison.Ordinal);
        Assert.Equal(["ktp", "str", "ijazah", "surat_sehat", "surat_tempat_praktik", "rekomendasi_ppni", "pas_foto"], Mandatory(sip));
        Assert.Equal(["jpg", "png"], sip.Requirements.Single(r => r.Key == "pas_foto").AcceptedTypes);
        Assert.Equal(60, sip.ValidityMonths);

        var reklame = await host.PermitTypes.GetByCodeAsync("reklame");
        Assert.Equal(["ktp", "desain_reklame", "denah_lokasi", "foto_lokasi", "persetujuan_pemilik", "bukti_pajak", "pernyataan_bongkar"], Mandatory(reklame));
        Assert.Contains(reklame.Requirements, r => r.Key == "gambar_konstruksi" && !r.Mandatory);
        Assert.Equal(FormFieldType.Date, reklame.FormFields.Single(f => f.Key == "tanggal_mulai").Type);

        var apotek = await host.PermitTypes.GetByCodeAsync(PermitCatalog.Apotek);
        Assert.Contains("Peraturan Menteri Kesehatan Nomor 9 Tahun 2017 tentang Apotek", apotek.LegalBasis, StringComparison.Ordinal);
        Assert.Equal(
            ["nib", "ktp_apoteker", "npwp_apoteker", "stra", "peta_lokasi", "denah_bangunan", "daftar_sarana", "bukti_bangunan", "surat_pernyataan", "pas_foto"],
            Mandatory(apotek));
        Assert.Equal(["Milik sendiri", "Sewa/kontrak", "Pinjam pakai"], apotek.FormFields.Single(f => f.Key == "status_bangunan").Options);
    }

    [Fact]
    public async Task SeedAsync_LeavesAnAdministratorsEditsAlone()
    {
        await using var host = await PerizinanHost.StartAsync();
        var sip = await host.PermitTypes.GetByCodeAsync(PermitCatalog.SipPerawat);
        await host.PermitTypes.UpdateAsync(sip.Code, Input(sip) with { Name = "SIP Perawat (diubah admin)", IsActive = false }, sip.Revision, "admin");

        Assert.Empty(await host.Services.GetRequiredService<PermitCatalogSeeder>().SeedAsync());

        var after = await host.PermitTypes.GetByCodeAsync(PermitCatalog.SipPerawat);
        Assert.Equal("SIP Perawat (diubah admin)", after.Name);
        Assert.Equal(2, after.Revision);
        Assert.DoesNotContain(await host.PermitTypes.ListActiveAsync(), t => t.Code == PermitCatalog.SipPerawat);
    }

    [Fact]
    public async Task CreateAsync_ReportsEveryBrokenRule_InIndonesian()
    {
        await using var host = await PerizinanHost.StartAsync();
        var input = new PermitTypeInput
        {
            Name = " ",
            LegalBasis = "Peraturan Bupati Nomor 1 Tahun 2026",
            ProcessKey = "proses-tidak-ada",
            ValidityMonths = 0,
            FormFields =
            [
                new FormField { Key = "Jenis Usaha", Label = "Jenis usaha", Type = FormFieldType.Select },
                new FormField { Key = "luas", Label = "Luas", Type = FormFieldType.Number },
                new FormField { Key = "luas", Label = "Luas lagi" },
            ],
            Requirements = [],
        };

        var refused = await Assert.ThrowsAsync<PerizinanException>(() => host.PermitTypes.CreateAsync("izin baru!", input, "admin"));

        Assert.Equal(PerizinanError.PermitTypeInvalid, refused.Code);
        Assert.Equal(
            ["code", "name", "validityMonths", "formFields[0].key", "formFields[0].options", "formFields[2].key", "requirements", "processKey"],
            refused.Errors.Select(e => e.Key));
        Assert.Equal("Jenis izin memerlukan paling sedikit satu persyaratan.", refused.Errors.Single(e => e.Key == "requirements").Message);
        Assert.Equal(
            "Definisi proses 'proses-tidak-ada' belum dipasang; pasang (deploy) definisinya dulu atau pilih proses lain.",
            refused.Errors.Single(e => e.Key == "processKey").Message);
        Assert.StartsWith("Jenis izin belum dapat disimpan karena 8 isian perlu diperbaiki:", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateAsync_RefusesUnknownFileTypesAndInsaneSizes()
    {
        await using var host = await PerizinanHost.StartAsync();
        var input = new PermitTypeInput
        {
            Name = "Izin Usaha Mikro",
            LegalBasis = "Peraturan Pemerintah Nomor 7 Tahun 2021",
            Requirements =
            [
                new Requirement { Key = "ktp", Name = "KTP", AcceptedTypes = ["pdf", "exe"], MaxSizeBytes = 2 * 1024 * 1024 },
                new Requirement { Key = "foto", Name = "Foto usaha", AcceptedTypes = ["JPEG"], MaxSizeBytes = 500L * 1024 * 1024 },
                new Requirement { Key = "denah", Name = "Denah", AcceptedTypes = [], MaxSizeBytes = 100 },
            ],
        };

        var refused = await Assert.ThrowsAsync<PerizinanException>(() => host.PermitTypes.CreateAsync("IUM", input, "admin"));

        Assert.Equal(
            [
                "Persyaratan 'KTP': jenis berkas 'exe' tidak didukung; gunakan pdf, jpg, png.",
                "Batas ukuran berkas persyaratan 'Foto usaha' harus antara 10 KB dan 20 MB.",
                "Persyaratan 'Denah' memerlukan paling sedikit satu jenis berkas yang diterima.",
                "Batas ukuran berkas persyaratan 'Denah' harus antara 10 KB dan 20 MB.",
            ],
            refused.Errors.Select(e => e.Message));
    }

    [Fact]
    public async Task CreateAsync_StoresANewType_AndRefusesItsCodeASecondTime()
    {
        await using var host = await PerizinanHost.StartAsync();
        var input = new PermitTypeInput
        {
            Name = "Izin Toko Obat",
            LegalBasis = "Peraturan Menteri Kesehatan Nomor 14 Tahun 2021",
            ValidityMonths = 60,
            FormFields = [new FormField { Key = "nama_toko", Label = "Nama toko obat", Required = true }],
            Requirements = [new Requirement { Key = "ktp", Name = "KTP pemilik", AcceptedTypes = ["PDF", "jpeg"], MaxSizeBytes = 1024 * 1024 }],
        };

        var created = await host.PermitTypes.CreateAsync("toko-obat", input, "admin");
        var refused = await Assert.ThrowsAsync<PerizinanException>(() => host.PermitTypes.CreateAsync("TOKO-OBAT", input, "admin"));

        Assert.Equal("TOKO-OBAT", created.Code);
        Assert.Equal(["pdf", "jpg"], (await host.PermitTypes.GetByCodeAsync("TOKO-OBAT")).Requirements[0].AcceptedTypes);
        Assert.Equal(PerizinanError.PermitTypeCodeTaken, refused.Code);
        Assert.Equal("Kode jenis izin 'TOKO-OBAT' sudah dipakai jenis izin lain; pilih kode lain.", refused.Message);
    }

    [Fact]
    public async Task UpdateAsync_RefusesAStaleRevision()
    {
        await using var host = await PerizinanHost.StartAsync();
        var reklame = await host.PermitTypes.GetByCodeAsync(PermitCatalog.Reklame);
        await host.PermitTypes.UpdateAsync(reklame.Code, Input(reklame) with { ValidityMonths = 6 }, reklame.Revision, "admin-1");

        var refused = await Assert.ThrowsAsync<PerizinanException>(
            () => host.PermitTypes.UpdateAsync(reklame.Code, Input(reklame) with { ValidityMonths = 24 }, reklame.Revision, "admin-2"));

        Assert.Equal(PerizinanError.ConcurrencyConflict, refused.Code);
        var stored = await host.PermitTypes.GetByCodeAsync(PermitCatalog.Reklame);
        Assert.Equal(6, stored.ValidityMonths);
        Assert.Equal("admin-1", stored.UpdatedBy);
    }

    private static List<string> Mandatory(PermitType type) => type.Requirements.Where(r => r.Mandatory).Select(r => r.Key).ToList();

    private static PermitTypeInput Input(PermitType type) => new()
    {
        Name = type.Name,
        Description = type.Description,
        LegalBasis = type.LegalBasis,
        ProcessKey = type.ProcessKey,
        ValidityMonths = type.ValidityMonths,
        IsActive = type.IsActive,
        FormFields = type.FormFields,
        Requirements = type.Requirements,
    };
}
