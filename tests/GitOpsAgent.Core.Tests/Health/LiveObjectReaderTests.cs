using GitOpsAgent.Core.Health;
using GitOpsAgent.Core.Manifests;

namespace GitOpsAgent.Core.Tests.Health;

public sealed class LiveObjectReaderTests
{
    [Fact]
    public void Read_KubectlListOfObjectsWithoutNames_FlattensItems()
    {
        var read = LiveObjectReader.Read("""
            apiVersion: v1
            kind: List
            items:
            - {apiVersion: example.com/v1, kind: Widget, status: {phase: Ready}}
            - {apiVersion: example.com/v1, kind: WidgetList, items: [{apiVersion: example.com/v1, kind: Widget, metadata: {name: w}}]}
            """, "list.yaml");

        Assert.Equal(["", "w"], read.Objects.Select(o => o.GetName()));
        Assert.Empty(read.Warnings);
    }

    [Fact]
    public void Read_RepeatedKey_LaterValueWinsWithAWarningNamingThePlace()
    {
        var read = LiveObjectReader.Read("apiVersion: v1\nkind: Pod\nstatus: {phase: Pending}\nstatus: {phase: Running}\n", "pod.yaml");

        Assert.Equal("Running", Assert.Single(read.Objects).GetStringAt("status", "phase"));
        Assert.Equal(["pod.yaml:4:1: mapping key \"status\" repeated; the later value is used"], read.Warnings);
    }

    [Theory]
    [InlineData("kind: Pod\n", "doc.yaml:1: not a Kubernetes object: apiVersion is missing")]
    [InlineData("- a\n", "doc.yaml:1: a document must be a mapping")]
    [InlineData("apiVersion: v1\nkind: List\nitems: [3]\n", "doc.yaml:1: an item of List is not an object")]
    public void Read_NotAnObject_ErrorNamesSourceAndLine(string yaml, string expected)
    {
        var ex = Assert.Throws<ManifestParseException>(() => LiveObjectReader.Read(yaml, "doc.yaml"));

        Assert.StartsWith(expected, ex.Message, StringComparison.Ordinal);
    }
}
