using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using GitOpsAgent.Chart.Tests.Promql;

namespace GitOpsAgent.Chart.Tests;

public partial class StaticFilesTests
{
    [Fact]
    public void ChartYaml_Parses_WithTheProjectVersionAsAppVersion()
    {
        var chart = YamlFiles.ReadSingleObject(RepositoryPaths.InChart("Chart.yaml"));
        var projectVersion = XDocument.Load(RepositoryPaths.InRoot("Directory.Build.props")).Descendants("Version").Single().Value;

        Assert.Equal("v2", chart["apiVersion"]!.GetValue<string>());
        Assert.Equal("gitops-agent", chart["name"]!.GetValue<string>());
        Assert.Equal("0.2.0", chart["version"]!.GetValue<string>());
        Assert.Equal(projectVersion, chart["appVersion"]!.GetValue<string>());
    }

    [Fact]
    public void ValuesYaml_Defaults_RunTwoReplicasWithLeaderElectionAndImpersonationScope()
    {
        var values = YamlFiles.ReadSingleObject(RepositoryPaths.InChart("values.yaml"));

        Assert.Equal(2, values["replicaCount"]!.GetValue<long>());
        Assert.True(values["controller"]!["leaderElection"]!["enabled"]!.GetValue<bool>());
        Assert.Equal("impersonation", values["rbac"]!["scope"]!.GetValue<string>());
        Assert.Equal("", values["image"]!["tag"]!.GetValue<string>());
        Assert.Equal("1", values["dashboards"]!["labels"]!["grafana_dashboard"]!.GetValue<string>());
    }

    /// <summary>A value is documented when its key line, or the key line of a map it sits in, has a comment right above.</summary>
    [Fact]
    public void ValuesYaml_EveryValue_IsDocumentedByAComment()
    {
        var lines = File.ReadAllLines(RepositoryPaths.InChart("values.yaml"));
        var ancestors = new List<(int Indent, bool Documented)>();
        var undocumented = new List<string>();
        for (var i = 0; i < lines.Length; i++)
        {
            var match = KeyLine().Match(lines[i]);
            if (!match.Success)
            {
                continue;
            }

            var indent = match.Groups["indent"].Length;
            ancestors.RemoveAll(a => a.Indent >= indent);
            var documented = i > 0 && lines[i - 1].TrimStart().StartsWith('#');
            var isParentMap = match.Groups["value"].Length == 0 && NextKeyIndent(lines, i) > indent;
            if (!isParentMap && !documented && !ancestors.Any(a => a.Documented))
            {
                undocumented.Add($"values.yaml:{i + 1}: {lines[i].Trim()}");
            }

            ancestors.Add((indent, documented));
        }

        Assert.Empty(undocumented);
    }

    private static int NextKeyIndent(string[] lines, int index)
    {
        for (var j = index + 1; j < lines.Length; j++)
        {
            if (lines[j].Trim().Length == 0 || lines[j].TrimStart().StartsWith('#'))
            {
                continue;
            }

            var next = KeyLine().Match(lines[j]);
            return next.Success ? next.Groups["indent"].Length : -1;
        }

        return -1;
    }

    [Fact]
    public void Crd_Parses_AsTheApplicationDefinition()
    {
        var crd = YamlFiles.ReadSingleObject(RepositoryPaths.InChart("files", "crds", "applications.gitopsagent.io.yaml"));

        Assert.Equal("CustomResourceDefinition", crd["kind"]!.GetValue<string>());
        Assert.Equal("gitopsagent.io", crd["spec"]!["group"]!.GetValue<string>());
        Assert.Equal("Application", crd["spec"]!["names"]!["kind"]!.GetValue<string>());
        Assert.Contains("gapp", crd["spec"]!["names"]!["shortNames"]!.AsArray().Select(n => n!.GetValue<string>()));
    }

    [Fact]
    public void Dashboard_EveryPanelAndQuery_UsesTheDatasourceVariable()
    {
        var dashboard = Dashboard();
        var variables = dashboard["templating"]!["list"]!.AsArray();

        Assert.Contains(variables, v => v!["name"]!.GetValue<string>() == "datasource" && v["type"]!.GetValue<string>() == "datasource");
        foreach (var panel in Panels(dashboard).Where(p => p["type"]!.GetValue<string>() != "row"))
        {
            var title = panel["title"]!.GetValue<string>();
            Assert.True(panel["datasource"]?["uid"]?.GetValue<string>() == "${datasource}", $"panel \"{title}\" does not use ${{datasource}}");
            Assert.True(panel["targets"]!.AsArray().Count > 0, $"panel \"{title}\" has no query");
            Assert.All(panel["targets"]!.AsArray(), t => Assert.Equal("${datasource}", t!["datasource"]!["uid"]!.GetValue<string>()));
        }
    }

    [Fact]
    public void Dashboard_EveryQuery_UsesOnlyKnownMetrics()
    {
        var dashboard = Dashboard();
        var expressions = Panels(dashboard)
            .SelectMany(p => p["targets"]?.AsArray() ?? [])
            .Select(t => t!["expr"]!.GetValue<string>())
            .ToList();
        var variableQueries = dashboard["templating"]!["list"]!.AsArray()
            .Select(v => v!["definition"]?.GetValue<string>())
            .OfType<string>()
            .Select(d => LabelValues().Match(d))
            .Where(m => m.Success)
            .Select(m => m.Groups["metric"].Value);

        var used = expressions.SelectMany(PromqlMetricNames.Extract).Concat(variableQueries).ToHashSet(StringComparer.Ordinal);
        var unknown = used.Where(n => !KnownMetrics.All.Contains(n));

        Assert.Empty(unknown);
        Assert.Contains("gitopsagent_app_info", used);
        Assert.Contains("gitopsagent_app_reconcile_duration_seconds_bucket", used);
        Assert.Contains("gitopsagent_git_request_total", used);
        Assert.Contains("gitopsagent_kube_request_total", used);
        Assert.Contains("gitopsagent_workqueue_depth", used);
        Assert.Contains("gitopsagent_leader", used);
    }

    [Fact]
    public void DashboardConfigMap_Template_EmbedsTheDashboardFile()
    {
        var template = File.ReadAllText(RepositoryPaths.InChart("templates", "dashboard-configmap.yaml"));

        Assert.Contains(".Files.Get \"files/dashboards/gitops-agent.json\"", template, StringComparison.Ordinal);
    }

    [Fact]
    public void Notes_FirstSteps_ApplyASampleApplicationAndWatchIt()
    {
        var notes = File.ReadAllText(RepositoryPaths.InChart("templates", "NOTES.txt"));

        Assert.Contains("kubectl apply -f -", notes, StringComparison.Ordinal);
        Assert.Contains("kind: Application", notes, StringComparison.Ordinal);
        Assert.Contains("kubectl get gapp -A -w", notes, StringComparison.Ordinal);
    }

    private static JsonObject Dashboard() =>
        JsonNode.Parse(File.ReadAllText(RepositoryPaths.InChart("files", "dashboards", "gitops-agent.json")))!.AsObject();

    private static IEnumerable<JsonNode> Panels(JsonObject dashboard) =>
        dashboard["panels"]!.AsArray().SelectMany(p => new[] { p! }.Concat(p!["panels"]?.AsArray().Select(c => c!) ?? []));

    [GeneratedRegex(@"^(?<indent> *)(?<key>[A-Za-z0-9_.\-/""]+):(?: +(?<value>[^#\s].*))?\s*$")]
    private static partial Regex KeyLine();

    [GeneratedRegex(@"^label_values\((?<metric>[A-Za-z_:][A-Za-z0-9_:]*)\s*,")]
    private static partial Regex LabelValues();
}
