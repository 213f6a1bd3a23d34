using GitOpsAgent.Core.Applications;
using GitOpsAgent.Core.Manifests;
using GitOpsAgent.Core.Manifests.Rendering;
using GitOpsAgent.Rendering;
using GitOpsAgent.Rendering.Charts;

namespace GitOpsAgent.Cli;

/// <summary>
/// `render --chart NAME --repo URL` and `render oci://REGISTRY/PATH/CHART`: resolved, pulled and rendered the way the
/// controller renders a chart source (same cache code, limits and archive checks), with local values files.
/// </summary>
public static class ChartCliSource
{
    /// <summary>The chart the arguments name, or null when they name none (SOURCE is a file, directory or Git URL).</summary>
    public static ChartReference? From(string? source, string? chart, string? repo)
    {
        if (!string.IsNullOrEmpty(chart))
        {
            return new ChartReference(repo ?? throw new ArgumentException("--chart needs --repo URL (a chart repository or oci:// registry path)"), chart);
        }

        if (source is not null && ChartSourceKinds.IsOci(source))
        {
            var slash = source.TrimEnd('/').LastIndexOf('/');
            return slash <= "oci://".Length ? throw new ArgumentException($"{source}: name the chart, as oci://REGISTRY/PATH/CHART") : new ChartReference(source[..slash], source[(slash + 1)..]);
        }

        return null;
    }

    public static async Task<IReadOnlyList<Manifest>> RenderAsync(ChartReference chart, string? version, IReadOnlyList<string> valuesFiles, string? destinationNamespace, CancellationToken ct)
    {
        if (!ChartVersionConstraint.TryParse(version, out var constraint, out var error))
        {
            throw new ArgumentException($"--version {error}");
        }

        using var work = new CliScratchDirectory();
        using var charts = new ChartRepositoryCache(new ChartSourceOptions { CacheRoot = Path.Combine(work.Path, "charts") });
        var pulled = await charts.PullAsync(await charts.ResolveAsync(chart, constraint, null, ct), null, ct);

        // Local values files are the user's own disk: copied beside the chart, where the renderer's sandbox lets helm read them.
        var root = Path.Combine(work.Path, "chart");
        CopyDirectory(pulled.Directory, Path.Combine(root, pulled.Folder));
        var names = new List<string>();
        foreach (var (file, i) in valuesFiles.Select((f, i) => (f, i)))
        {
            var name = $"gitops-agent-cli-values-{i}.yaml";
            File.Copy(file, Path.Combine(root, pulled.Folder, name));
            names.Add(name);
        }

        var source = new ApplicationSource { RepoURL = chart.RepoUrl, Chart = chart.Name, TargetRevision = version, Helm = new HelmSource { ValuesFiles = names } };
        var renderer = new ManifestRenderer(new ManifestRendererOptions(), charts: charts);
        var result = await renderer.RenderAsync(new RenderRequest(root, pulled.Folder, source, destinationNamespace) { ApplicationName = chart.Name }, BuiltinResourceScope.Instance, ct);
        return result.Objects;
    }

    private static void CopyDirectory(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        }

        foreach (var directory in Directory.EnumerateDirectories(from))
        {
            CopyDirectory(directory, Path.Combine(to, Path.GetFileName(directory)));
        }
    }
}
