using GitOpsAgent.Chart.Tests.Templates;

namespace GitOpsAgent.Chart.Tests;

public class TemplateValuesTests
{
    private static IEnumerable<(string File, string Path)> TemplateReferences() =>
        Directory.GetFiles(RepositoryPaths.InChart("templates"))
            .SelectMany(file => ValuesReferences.InTemplate(File.ReadAllText(file)).Select(path => (Path.GetFileName(file), path)));

    [Fact]
    public void Templates_EveryValuesPath_ExistsInValuesYaml()
    {
        var values = YamlFiles.ReadSingleObject(RepositoryPaths.InChart("values.yaml"));
        var references = TemplateReferences().ToList();

        var missing = references.Where(r => !ValuesReferences.Exists(values, r.Path)).Select(r => $"{r.File}: .Values.{r.Path}");

        Assert.NotEmpty(references);
        Assert.Empty(missing);
    }

    [Fact]
    public void ValuesYaml_EveryValue_IsReadByATemplate()
    {
        var values = YamlFiles.ReadSingleObject(RepositoryPaths.InChart("values.yaml"));
        var used = TemplateReferences().Select(r => r.Path).ToHashSet(StringComparer.Ordinal);

        var unused = ValuesReferences.Leaves(values).Where(leaf => !used.Any(path => leaf == path || leaf.StartsWith(path + ".", StringComparison.Ordinal)));

        Assert.Empty(unused);
    }

    [Fact]
    public void InTemplate_PathsFromDotDollarAndDictRoots_AreAllFound()
    {
        const string template = """
            {{ .Values.image.tag }} {{- range $.Values.extraArgs }}{{ end }}
            {{ .root.Values.persistence.existingClaim }} {{ .Release.Name }} {{ $.Values.rbac.scope | quote }}
            """;

        var paths = ValuesReferences.InTemplate(template);

        Assert.Equal(["extraArgs", "image.tag", "persistence.existingClaim", "rbac.scope"], paths.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Exists_PathThroughALeaf_IsFalse()
    {
        var values = new System.Text.Json.Nodes.JsonObject { ["image"] = new System.Text.Json.Nodes.JsonObject { ["tag"] = "" } };

        Assert.True(ValuesReferences.Exists(values, "image.tag"));
        Assert.False(ValuesReferences.Exists(values, "image.tag.major"));
        Assert.False(ValuesReferences.Exists(values, "image.digest"));
    }
}
