using Sicantik.Documents.Decrees;
using Sicantik.Documents.Fonts;
using Sicantik.Documents.Tests.Support;

namespace Sicantik.Documents.Tests;

public sealed class PrintableTextTests
{
    [Theory]
    [InlineData("Siti Rahmawati")]
    [InlineData("Ni Luh Putu Śrī Ayu Dewi-Ökten")]
    [InlineData("Jl. Merdeka No. 10, RT 002/RW 005 — luas 250 m²")]
    [InlineData("Ἀλέξανδρος Пётр")]
    [InlineData("")]
    [InlineData(null)]
    public void Undrawable_IsEmpty_WhenTheShippedFontsDrawEveryCharacter(string? text) =>
        Assert.Empty(PrintableText.Undrawable(text));

    [Theory]
    [InlineData("王小明", new[] { "王", "小", "明" })]
    [InlineData("محمد", new[] { "م", "ح", "د" })]
    [InlineData("Budi 김 Budi 김", new[] { "김" })]
    [InlineData("Andi 😀", new[] { "😀" })]
    public void Undrawable_NamesEachMissingCharacterOnce_InOrder(string text, string[] expected) =>
        Assert.Equal(expected, PrintableText.Undrawable(text));

    [Fact]
    public void Describe_GivesEachCharacterWithItsCodePoint() =>
        Assert.Equal("王 (U+738B), 😀 (U+1F600)", PrintableText.Describe(["王", "😀"]));

    [Fact]
    public void RenderDecree_Refuses_ANameItsFontsCannotDraw_RatherThanPrintBoxes()
    {
        var decree = Samples.Decree(DecreeStatus.Final) with { Holder = Samples.Applicant with { Name = "王小明" } };

        var refused = Assert.Throws<UndrawableTextException>(() => Samples.Renderer().RenderDecree(decree));

        Assert.Contains("\"王小明\"", refused.Message, StringComparison.Ordinal);
        Assert.Contains("王 (U+738B), 小 (U+5C0F), 明 (U+660E)", refused.Message, StringComparison.Ordinal);
    }
}
