using System.Text.Json;
using System.Text.Json.Nodes;
using GitOpsAgent.Core.Manifests;

namespace GitOpsAgent.Core.Tests.Manifests;

public class YamlWriterTests
{
    [Theory]
    [InlineData("yes")]
    [InlineData("no")]
    [InlineData("on")]
    [InlineData("Off")]
    [InlineData("y")]
    [InlineData("true")]
    [InlineData("null")]
    [InlineData("~")]
    [InlineData("")]
    [InlineData("0123")]
    [InlineData("0644")]
    [InlineData("123")]
    [InlineData("-1")]
    [InlineData("1e3")]
    [InlineData("1.5")]
    [InlineData("0x10")]
    [InlineData("1_000")]
    [InlineData(".inf")]
    [InlineData("a: b")]
    [InlineData("- item")]
    [InlineData("# not a comment")]
    [InlineData(" leading space")]
    [InlineData("trailing space ")]
    [InlineData("{braces}")]
    [InlineData("*star")]
    [InlineData("&anchor")]
    [InlineData("quote \" and ' both")]
    [InlineData("line1\nline2")]
    [InlineData("line1\nline2\n")]
    [InlineData("trailing \nspaces\n")]
    [InlineData("tab\there")]
    [InlineData("ünïcödé ✓")]
    public void Write_TrickyString_ReadsBackAsTheSameString(string text)
    {
        var node = new JsonObject { ["v"] = text };

        var yaml = YamlWriter.Write(node);
        var back = (JsonObject)YamlDocumentReader.Read(yaml, "rt.yaml")[0].Root!;

        Assert.Equal(JsonValueKind.String, back["v"]!.GetValueKind());
        Assert.Equal(text, back["v"]!.GetValue<string>());
    }

    [Fact]
    public void Write_CarriageReturnLineFeed_ReadsBackUnchanged()
    {
        var back = (JsonObject)YamlDocumentReader.Read(YamlWriter.Write(new JsonObject { ["v"] = "windows\r\nline" }), "rt.yaml")[0].Root!;

        Assert.Equal("windows\r\nline", back["v"]!.GetValue<string>());
    }

    [Fact]
    public void Write_MultiLineString_UsesLiteralBlock()
    {
        var yaml = YamlWriter.Write(new JsonObject { ["script"] = "echo a\necho b\n" });

        Assert.Contains("script: |", yaml, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_NumbersBooleansNullsAndNesting_RoundTrip()
    {
        var original = JsonNode.Parse("""{"a":1,"b":-2.5,"c":true,"d":false,"e":null,"f":[],"g":{},"h":[{"x":"1"},[1,2]],"i":{"j":{"k":"yes"}}}""")!;

        var back = YamlDocumentReader.Read(YamlWriter.Write(original), "rt.yaml")[0].Root;

        Assert.True(JsonNode.DeepEquals(original, back), YamlWriter.Write(original));
    }

    [Fact]
    public void WriteDocuments_SeveralObjects_ReadBackAsSeparateDocuments()
    {
        JsonNode[] docs = [new JsonObject { ["a"] = "0123" }, new JsonObject { ["b"] = 2 }];

        var yaml = YamlWriter.WriteDocuments(docs);
        var back = YamlDocumentReader.Read(yaml, "docs.yaml");

        Assert.Equal(2, back.Count);
        Assert.True(JsonNode.DeepEquals(docs[0], back[0].Root));
        Assert.True(JsonNode.DeepEquals(docs[1], back[1].Root));
        Assert.StartsWith("---", yaml, StringComparison.Ordinal);
    }
}
