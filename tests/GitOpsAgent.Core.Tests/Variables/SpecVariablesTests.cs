using GitOpsAgent.Core.Applications;
using GitOpsAgent.Core.Variables;

namespace GitOpsAgent.Core.Tests.Variables;

public sealed class SpecVariablesTests
{
    private static readonly VariableSet Cluster = VariableSet.ForCluster("east", new Dictionary<string, string> { ["env"] = "prod" });

    private static ApplicationSpec Spec(string path, string? revision = null, string? values = null, params string[] valuesFiles) => new()
    {
        Source = new ApplicationSource
        {
            RepoURL = "https://git.example/fleet.git",
            Path = path,
            TargetRevision = revision,
            Helm = new HelmSource { Values = values, ValuesFiles = [.. valuesFiles] },
        },
    };

    [Fact]
    public void Expand_ClusterVariablesInTheSourceFields_GivesACopyWithThemExpanded()
    {
        var spec = Spec("clusters/${cluster.name}/apps", "release-${cluster.labels.env}", "replicas: 2\nregion: ${cluster.name}\n", "values-${cluster.labels.env}.yaml");

        var (expanded, problems) = SpecVariables.Expand(spec, Cluster);

        Assert.Empty(problems);
        Assert.Equal("clusters/east/apps", expanded!.Source.Path);
        Assert.Equal("release-prod", expanded.Source.TargetRevision);
        Assert.Equal("replicas: 2\nregion: east\n", expanded.Source.Helm!.Values);
        Assert.Equal(["values-prod.yaml"], expanded.Source.Helm.ValuesFiles!);
        Assert.Equal("clusters/${cluster.name}/apps", spec.Source.Path);
    }

    [Fact]
    public void Expand_NothingToExpand_ReturnsTheSameSpec()
    {
        var spec = Spec("apps/web");

        Assert.Same(spec, SpecVariables.Expand(spec, Cluster).Spec);
    }

    [Fact]
    public void Expand_UndefinedVariable_IsAProblemNamingTheFieldAndTheVariable()
    {
        var (expanded, problems) = SpecVariables.Expand(Spec("clusters/${cluster.labels.region}/apps", values: "a: 1\nb: ${cluster.zone}\n"), Cluster);

        Assert.Null(expanded);
        Assert.Equal(2, problems.Count);
        Assert.StartsWith("spec.source.path: variable \"cluster.labels.region\" is not defined", problems[0]);
        Assert.StartsWith("spec.source.helm.values:2: \"${cluster.zone}\" is not a variable reference", problems[1]);
    }

    [Fact]
    public void Expand_WithoutAClusterName_ClusterNameIsUndefined()
    {
        var (_, problems) = SpecVariables.Expand(Spec("clusters/${cluster.name}"), VariableSet.Empty);

        Assert.Single(problems);
        Assert.Contains("\"cluster.name\" is not defined", problems[0]);
    }
}
