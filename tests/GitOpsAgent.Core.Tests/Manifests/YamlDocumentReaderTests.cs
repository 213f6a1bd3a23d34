using System.Text.Json;
using System.Text.Json.Nodes;
using GitOpsAgent.Core.Manifests;

namespace GitOpsAgent.Core.Tests.Manifests;

public class YamlDocumentReaderTests
{
    private static JsonNode? ValueOf(string yamlScalar)
    {
        var docs = YamlDocumentReader.Read($"v: {yamlScalar}\n", "t.yaml");
        return ((JsonObject)docs[0].Root!)["v"];
    }

    [Theory]
    [InlineData("yes", true)]
    [InlineData("Yes", true)]
    [InlineData("on", true)]
    [InlineData("y", true)]
    [InlineData("TRUE", true)]
    [InlineData("no", false)]
    [InlineData("off", false)]
    [InlineData("N", false)]
    [InlineData("False", false)]
    public void Read_Yaml11Booleans_BecomeJsonBooleans(string text, bool expected)
    {
        var value = ValueOf(text);

        Assert.Equal(expected ? JsonValueKind.True : JsonValueKind.False, value!.GetValueKind());
    }

    [Theory]
    [InlineData("42", 42L)]
    [InlineData("-7", -7L)]
    [InlineData("+3", 3L)]
    [InlineData("0644", 420L)]
    [InlineData("0x1F", 31L)]
    [InlineData("0b101", 5L)]
    [InlineData("1_000", 1000L)]
    [InlineData("0128", 128L)] // not octal; go-yaml v2 (kubectl) then reads it as the float 128
    public void Read_Yaml11Integers_BecomeNumbers(string text, long expected)
    {
        var value = (JsonValue)ValueOf(text)!;

        Assert.Equal(expected, JsonValues.TryGetInt64(value));
    }

    [Theory]
    [InlineData("1.5", 1.5)]
    [InlineData("1e3", 1000.0)]
    [InlineData("-2.5e-1", -0.25)]
    [InlineData(".5", 0.5)]
    public void Read_Floats_BecomeNumbers(string text, double expected)
    {
        var value = (JsonValue)ValueOf(text)!;

        Assert.Equal(JsonValueKind.Number, value.GetValueKind());
        Assert.Equal(expected, JsonValues.TryGetDouble(value));
    }

    [Theory]
    [InlineData("~")]
    [InlineData("null")]
    [InlineData("Null")]
    [InlineData("")]
    public void Read_NullForms_BecomeJsonNull(string text)
    {
        Assert.Null(ValueOf(text));
    }

    [Theory]
    [InlineData("\"yes\"", "yes")]
    [InlineData("'0123'", "0123")]
    [InlineData("\"1e3\"", "1e3")]
    [InlineData("\"\"", "")]
    [InlineData("1.2.3", "1.2.3")]
    [InlineData("v1", "v1")]
    [InlineData(".inf", ".inf")]
    [InlineData("!!str 42", "42")]
    [InlineData("!Ref thing", "thing")]
    public void Read_QuotedOrNonNumericScalars_StayStrings(string text, string expected)
    {
        var value = ValueOf(text);

        Assert.Equal(JsonValueKind.String, value!.GetValueKind());
        Assert.Equal(expected, value.GetValue<string>());
    }

    [Fact]
    public void Read_TaggedIntThatIsNotANumber_ThrowsWithPlace()
    {
        var ex = Assert.Throws<ManifestParseException>(() => YamlDocumentReader.Read("a: 1\nv: !!int abc\n", "bad.yaml"));

        Assert.Equal("bad.yaml", ex.File);
        Assert.Equal(2, ex.Line);
        Assert.True(ex.Column > 0);
    }

    [Fact]
    public void Read_MultipleDocuments_ReportsEachStartLine()
    {
        var text = "a: 1\n---\nb: 2\n---\n\n# only a comment\nc: 3\n";

        var docs = YamlDocumentReader.Read(text, "m.yaml");

        Assert.Equal(3, docs.Count);
        Assert.Equal([1, 3, 7], docs.Select(d => d.Line));
        Assert.Equal(3L, ((JsonObject)docs[2].Root!)["c"]!.GetValue<long>());
    }

    [Fact]
    public void Read_EmptyDocuments_HaveNullRoot()
    {
        var docs = YamlDocumentReader.Read("---\n---\na: 1\n---\n", "e.yaml");

        Assert.Contains(docs, d => d.Root is null);
        Assert.Single(docs, d => d.Root is not null);
    }

    [Fact]
    public void Read_InvalidYaml_ThrowsWithFileLineAndColumn()
    {
        var text = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: [unclosed\n";

        var ex = Assert.Throws<ManifestParseException>(() => YamlDocumentReader.Read(text, "dir/cm.yaml"));

        Assert.Equal("dir/cm.yaml", ex.File);
        Assert.True(ex.Line >= 4, $"line {ex.Line}");
        Assert.True(ex.Column > 0, $"column {ex.Column}");
        Assert.StartsWith($"dir/cm.yaml:{ex.Line}:{ex.Column}: ", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("(Line:", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_DuplicateKey_ThrowsNamingKeyAndPlace()
    {
        var ex = Assert.Throws<ManifestParseException>(() => YamlDocumentReader.Read("a: 1\nb: 2\na: 3\n", "dup.yaml"));

        Assert.Equal(3, ex.Line);
        Assert.Equal(1, ex.Column);
        Assert.Contains("key a", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_MergeKey_AddsKeysTheMapDoesNotSet()
    {
        var text = "base: &b\n  x: 1\n  y: 2\nderived:\n  y: 3\n  <<: *b\n";

        var root = (JsonObject)YamlDocumentReader.Read(text, "merge.yaml")[0].Root!;

        var derived = (JsonObject)root["derived"]!;
        Assert.Equal(1L, derived["x"]!.GetValue<long>());
        Assert.Equal(3L, derived["y"]!.GetValue<long>());
    }

    [Fact]
    public void Read_MergeKeyBeforeOwnKeys_LetsOwnKeysWin()
    {
        var text = "base: &b\n  x: 1\n  y: 2\nderived:\n  <<: *b\n  y: 3\n";

        var root = (JsonObject)YamlDocumentReader.Read(text, "merge.yaml")[0].Root!;

        var derived = (JsonObject)root["derived"]!;
        Assert.Equal(1L, derived["x"]!.GetValue<long>());
        Assert.Equal(3L, derived["y"]!.GetValue<long>());
    }

    [Fact]
    public void Read_Json_IsReadAsYaml()
    {
        var root = (JsonObject)YamlDocumentReader.Read("{\"a\": [1, \"b\", true, null]}", "x.json")[0].Root!;

        var array = (JsonArray)root["a"]!;
        Assert.Equal(4, array.Count);
        Assert.Equal("b", array[1]!.GetValue<string>());
        Assert.Null(array[3]);
    }

    [Fact]
    public void Read_LiteralBlock_KeepsNewlines()
    {
        var root = (JsonObject)YamlDocumentReader.Read("s: |\n  line1\n  line2\n", "b.yaml")[0].Root!;

        Assert.Equal("line1\nline2\n", root["s"]!.GetValue<string>());
    }

    [Fact]
    public void Read_UnclosedFlowSequenceBeforeAMappingLine_NamesFileAndLineInsteadOfAnInternalError()
    {
        var ex = Assert.Throws<ManifestParseException>(() => YamlDocumentReader.Read("kind: ConfigMap\ndata:\n  a: [1, 2\n  b: c\n", "app/cm.yaml"));

        Assert.Equal("app/cm.yaml", ex.File);
        Assert.InRange(ex.Line, 3, 4);
        Assert.StartsWith($"app/cm.yaml:{ex.Line}:", ex.Message, StringComparison.Ordinal);
    }
}
