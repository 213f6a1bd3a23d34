using System.Text;
using GitOpsAgent.Core.Manifests;

namespace GitOpsAgent.Core.Tests.Manifests.Abuse;

/// <summary>
/// A repository author writes a YAML or JSON file meant to crash or starve the controller (and the CLI reading the
/// same file): nesting that overflows the stack, an alias bomb that fills memory, floods of documents, huge input,
/// bytes that are not UTF-8. Each must end in a clear file:line error, within the limits in docs/security.md.
/// </summary>
public sealed class ManifestLimitsTests
{
    public static TheoryData<string> Syntaxes => new() { "flow-sequence", "flow-mapping", "block", "json" };

    [Theory]
    [MemberData(nameof(Syntaxes))]
    public void Read_DocumentNested100000LevelsDeep_FailsWithItsLineOnASmallStackInsteadOfOverflowing(string syntax)
    {
        var text = HostileYaml.Nested(syntax, 100_000);

        var ex = SmallStack.Run(() => Assert.Throws<ManifestParseException>(() => ManifestReader.Read(text, "apps/deep.yaml")));

        Assert.Equal("apps/deep.yaml", ex.File);
        Assert.True(ex.Line > 0);
        Assert.Contains($"nesting deeper than {ManifestLimits.Default.MaxDepth} levels", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Syntaxes))]
    public void Read_DocumentAtTheDepthLimit_IsReadOnASmallStack(string syntax)
    {
        // The data nests MaxDepth - 1 levels below the top-level mapping.
        var text = HostileYaml.Nested(syntax, ManifestLimits.Default.MaxDepth - 1);

        var objects = SmallStack.Run(() => ManifestReader.Read(text, "apps/deep.yaml"));

        Assert.Single(objects);
    }

    [Fact]
    public void Read_AliasBomb_FailsWithinBoundedMemory()
    {
        var text = HostileYaml.AliasBomb();
        var before = GC.GetAllocatedBytesForCurrentThread();

        var ex = Assert.Throws<ManifestParseException>(() => ManifestReader.Read(text, "apps/lol.yaml"));
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Contains("aliases expand to too many nodes", ex.Message, StringComparison.Ordinal);
        Assert.StartsWith("apps/lol.yaml:", ex.Message, StringComparison.Ordinal);
        Assert.True(allocated < 128L * 1024 * 1024, $"allocated {allocated / (1024 * 1024)} MiB");
    }

    [Fact]
    public void Read_MoreAliasUsesThanTheLimit_Fails()
    {
        var text = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\ndata:\n  a: &v x\n" +
            string.Concat(Enumerable.Range(0, ManifestLimits.Default.MaxAliases + 1).Select(i => $"  k{i}: *v\n"));

        var ex = Assert.Throws<ManifestParseException>(() => ManifestReader.Read(text, "apps/aliases.yaml"));

        Assert.Contains($"more than {ManifestLimits.Default.MaxAliases} aliases", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_MoreDocumentsThanTheLimit_FailsAtTheFirstOneOver()
    {
        var text = string.Concat(Enumerable.Repeat("---\n", ManifestLimits.Default.MaxDocuments + 1));

        var ex = Assert.Throws<ManifestParseException>(() => YamlDocumentReader.Read(text, "apps/flood.yaml"));

        Assert.Contains($"more than {ManifestLimits.Default.MaxDocuments} documents", ex.Message, StringComparison.Ordinal);
        Assert.Equal(ManifestLimits.Default.MaxDocuments + 1, ex.Line);
    }

    [Fact]
    public void Read_InputLongerThanTheLimit_FailsBeforeParsing()
    {
        var limits = new ManifestLimits { MaxInputLength = 1000 };

        var ex = Assert.Throws<ManifestParseException>(() => YamlDocumentReader.Read(new string('#', 1001), "apps/big.yaml", limits));

        Assert.Equal("apps/big.yaml: larger than 1000 characters: over the limit for one input (see docs/security.md)", ex.Message);
    }

    [Fact]
    public void Read_ManifestUsingAnchorsAndMergeKeysModestly_StillReads()
    {
        var text = """
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: x}
            data:
              base: &base {a: "1", b: "2"}
              merged:
                <<: *base
                c: "3"
              again: *base
            """;

        var obj = Assert.Single(ManifestReader.Read(text, "apps/ok.yaml")).Object;

        Assert.Equal("2", obj["data"]!["merged"]!["b"]!.GetValue<string>());
        Assert.Equal("1", obj["data"]!["again"]!["a"]!.GetValue<string>());
    }

    [Fact]
    public void Decode_InvalidUtf8_FailsNamingTheFileAndLine()
    {
        var bytes = Encoding.UTF8.GetBytes("apiVersion: v1\nkind: ConfigMap\ndata:\n  k: \"").Concat(new byte[] { 0xC3, 0x28 }).Concat(Encoding.UTF8.GetBytes("\"\n")).ToArray();

        var ex = Assert.Throws<ManifestParseException>(() => ManifestText.Decode(bytes, "apps/latin1.yaml"));

        Assert.Equal("apps/latin1.yaml:4: not valid UTF-8 (byte 0xC3 at offset 43)", ex.Message);
    }

    [Fact]
    public void Decode_ValidUtf8WithAByteOrderMark_DropsTheMark()
    {
        var bytes = new byte[] { 0xEF, 0xBB, 0xBF }.Concat(Encoding.UTF8.GetBytes("k: \"é\"\n")).ToArray();

        Assert.Equal("k: \"é\"\n", ManifestText.Decode(bytes, "apps/bom.yaml"));
    }

    [Fact]
    public void Decode_BytesOverTheLimit_Fail()
    {
        var ex = Assert.Throws<ManifestParseException>(() => ManifestText.Decode(new byte[11], "apps/big.yaml", new ManifestLimits { MaxInputLength = 10 }));

        Assert.Contains("larger than 10 bytes", ex.Message, StringComparison.Ordinal);
    }
}
