namespace GitOpsAgent.TestSupport;

/// <summary>
/// The real helm for tests that publish charts (`helm package`, `helm repo index`, `helm push`): found on PATH or in
/// .tools/bin (eng/install-helm.sh), run with private HELM_* folders so no user configuration is read or written.
/// </summary>
public sealed class HelmCli
{
    private readonly string _home;

    private HelmCli(string executable)
    {
        Executable = executable;
        _home = Directory.CreateTempSubdirectory("gitopsagent-helm-home-").FullName;
    }

    public string Executable { get; }

    /// <summary>helm, or null (tests then skip, saying so).</summary>
    public static HelmCli? Find()
    {
        var onPath = ProcessRunner.Find("helm");
        var vendored = RepositoryRoot.In(".tools", "bin", "helm");
        var path = onPath ?? (File.Exists(vendored) ? vendored : null);
        return path is null ? null : new HelmCli(path);
    }

    public const string SkipReason = "helm is not on PATH or in .tools/bin (eng/install-helm.sh fetches it)";

    /// <summary>Writes a chart: Chart.yaml, values.yaml and a ConfigMap template whose data.value is .Values.value (and data.version the chart's version).</summary>
    public static string WriteChart(string parent, string name, string version, string value = "from-chart", string? dependencies = null, string? extraTemplate = null)
    {
        var chart = Path.Combine(parent, name);
        Directory.CreateDirectory(Path.Combine(chart, "templates"));
        File.WriteAllText(Path.Combine(chart, "Chart.yaml"), $"apiVersion: v2\nname: {name}\nversion: {version}\nmaintainers:\n  - name: Chart Team\n" + (dependencies is null ? "" : "dependencies:\n" + dependencies));
        File.WriteAllText(Path.Combine(chart, "values.yaml"), $"value: {value}\n");
        File.WriteAllText(Path.Combine(chart, "templates", "configmap.yaml"), """
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: {{ .Release.Name }}-{{ .Chart.Name }}
            data:
              value: {{ .Values.value | quote }}
              version: {{ .Chart.Version | quote }}
            """);
        if (extraTemplate is not null)
        {
            File.WriteAllText(Path.Combine(chart, "templates", "extra.yaml"), extraTemplate);
        }

        return chart;
    }

    /// <summary>`helm package CHART -d DEST`; returns the .tgz path.</summary>
    public async Task<string> PackageAsync(string chartDirectory, string destination)
    {
        Directory.CreateDirectory(destination);
        var output = await RunAsync(["package", chartDirectory, "-d", destination]);
        return output.Trim().Split(' ').Last();
    }

    /// <summary>`helm repo index DIR --url URL`.</summary>
    public Task RepoIndexAsync(string directory, string url) => RunAsync(["repo", "index", directory, "--url", url]);

    /// <summary>`helm push ARCHIVE oci://...` trusting <paramref name="caFile"/>.</summary>
    public Task PushAsync(string archive, string ociUrl, string caFile) => RunAsync(["push", archive, ociUrl, "--ca-file", caFile]);

    public async Task<string> RunAsync(IReadOnlyList<string> arguments)
    {
        var environment = new Dictionary<string, string>
        {
            ["HELM_CACHE_HOME"] = Path.Combine(_home, "cache"),
            ["HELM_CONFIG_HOME"] = Path.Combine(_home, "config"),
            ["HELM_DATA_HOME"] = Path.Combine(_home, "data"),
            ["HELM_REGISTRY_CONFIG"] = Path.Combine(_home, "registry.json"),
        };
        var result = await ProcessRunner.RunAsync(Executable, arguments, null, TimeSpan.FromSeconds(60), environment);
        return result.ExitCode == 0 ? result.Stdout + result.Stderr : throw new InvalidOperationException($"helm {string.Join(' ', arguments)} failed: {ProcessRunner.Describe(result)}");
    }
}
