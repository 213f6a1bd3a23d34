using GitOpsAgent.Core.Manifests;

namespace GitOpsAgent.Core.Tests.Manifests;

public class ManifestReaderTests
{
    [Fact]
    public void Read_MultiDocumentFile_ReturnsEachObjectWithItsLine()
    {
        var text = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n---\napiVersion: v1\nkind: Secret\nmetadata:\n  name: b\n";

        var manifests = ManifestReader.Read(text, "app/all.yaml");

        Assert.Equal(2, manifests.Count);
        Assert.Equal(new ResourceKey("", "ConfigMap", "", "a"), manifests[0].Key);
        Assert.Equal(new ManifestSource("app/all.yaml", 1), manifests[0].Source);
        Assert.Equal(new ManifestSource("app/all.yaml", 6), manifests[1].Source);
        Assert.Equal("app/all.yaml:6", manifests[1].Source.ToString());
    }

    [Fact]
    public void Read_EmptyAndCommentOnlyDocuments_AreSkipped()
    {
        var text = "---\n# nothing here\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n---\n";

        var manifests = ManifestReader.Read(text, "f.yaml");

        Assert.Single(manifests);
    }

    [Fact]
    public void Read_List_IsFlattenedIntoItsItems()
    {
        var text = """
            apiVersion: v1
            kind: List
            items:
            - apiVersion: v1
              kind: ConfigMap
              metadata:
                name: one
            - apiVersion: apps/v1
              kind: Deployment
              metadata:
                name: two
                namespace: ns
            """;

        var manifests = ManifestReader.Read(text, "list.yaml");

        Assert.Equal(["ConfigMap.one", "Deployment.two"], manifests.Select(m => $"{m.Key.Kind}.{m.Key.Name}"));
        Assert.Equal("apps", manifests[1].Key.Group);
        Assert.Equal("ns", manifests[1].Key.Namespace);
    }

    [Fact]
    public void Read_TypedListKind_IsFlattened()
    {
        var text = "apiVersion: v1\nkind: ConfigMapList\nitems:\n- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: x\n";

        var manifests = ManifestReader.Read(text, "l.yaml");

        Assert.Equal("x", Assert.Single(manifests).Key.Name);
    }

    [Fact]
    public void Read_DocumentWithoutKind_ThrowsNamingFileAndLine()
    {
        var text = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n---\nfoo: bar\n";

        var ex = Assert.Throws<ManifestParseException>(() => ManifestReader.Read(text, "values.yaml"));

        Assert.Equal("values.yaml", ex.File);
        Assert.Equal(6, ex.Line);
        Assert.Contains("apiVersion", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_ScalarDocument_Throws()
    {
        var ex = Assert.Throws<ManifestParseException>(() => ManifestReader.Read("just text\n", "t.yaml"));

        Assert.Contains("mapping", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_ObjectWithoutName_Throws()
    {
        var ex = Assert.Throws<ManifestParseException>(() => ManifestReader.Read("apiVersion: v1\nkind: ConfigMap\nmetadata: {}\n", "n.yaml"));

        Assert.Contains("metadata.name", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_GenerateNameOnly_IsAccepted()
    {
        var manifests = ManifestReader.Read("apiVersion: batch/v1\nkind: Job\nmetadata:\n  generateName: hook-\n", "j.yaml");

        Assert.Equal("", Assert.Single(manifests).Key.Name);
    }
}
