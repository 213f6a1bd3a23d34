using GitOpsAgent.Core.Applications;
using GitOpsAgent.Git;

namespace GitOpsAgent.Rendering.Charts;

/// <summary>A chart ready for helm: its folder and the sandbox it lies in; disposing deletes a build copy.</summary>
internal sealed record PreparedChart(string Directory, RepositorySandbox Paths, DirectoryInfo? BuildFolder) : IDisposable
{
    public void Dispose()
    {
        try
        {
            BuildFolder?.Delete(recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless.
        }
    }
}

/// <summary>
/// `helm dependency build` semantics without helm's network: each dependency Chart.yaml lists that is not in
/// charts/ (by chart name) is fetched from its declared repository (https, http, oci) through the shared
/// <see cref="IChartSource"/> (archives cached by digest), at the version Chart.lock pins or else the newest
/// matching its range, or copied from a file:// folder inside the repository. The checkout is never written: the
/// chart is copied into a build folder. Nothing else is fetched: no repositories.yaml, no @alias, no other URL.
/// </summary>
internal static class ChartDependencyBuilder
{
    public static async Task<PreparedChart> PrepareAsync(
        RepositorySandbox paths, string chartDirectory, IChartSource? charts, ChartCredentials? credentials, string? credentialsRepoUrl, CancellationToken ct)
    {
        var shown = Shown(paths, chartDirectory);
        if (!File.Exists(Path.Combine(chartDirectory, "Chart.yaml")))
        {
            return new PreparedChart(chartDirectory, paths, null);
        }

        var metadata = ReadMetadata(chartDirectory, shown);
        var present = VendoredNames(Path.Combine(chartDirectory, "charts"));
        var missing = metadata.Dependencies.Where(d => !present.Contains(d.Name)).ToList();
        if (missing.Count == 0)
        {
            return new PreparedChart(chartDirectory, paths, null);
        }

        var locked = ReadLock(chartDirectory, shown);
        var build = Directory.CreateTempSubdirectory("gitopsagent-chart-build-");
        var prepared = new PreparedChart(Path.Combine(build.FullName, Path.GetFileName(chartDirectory)), new RepositorySandbox(build.FullName), build);
        try
        {
            CopyDirectory(chartDirectory, prepared.Directory, new HashSet<string>(StringComparer.Ordinal));
            var target = Path.Combine(prepared.Directory, "charts");
            Directory.CreateDirectory(target);
            foreach (var dependency in missing)
            {
                await AddAsync(paths, chartDirectory, shown, dependency, locked, target, charts, credentials, credentialsRepoUrl, ct).ConfigureAwait(false);
            }

            return prepared;
        }
        catch
        {
            prepared.Dispose();
            throw;
        }
    }

    /// <summary>The chart names charts/ already holds: folders by their Chart.yaml name, archives by their top folder (as helm package writes them).</summary>
    internal static HashSet<string> VendoredNames(string chartsDirectory)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        if (!Directory.Exists(chartsDirectory))
        {
            return names;
        }

        foreach (var entry in Directory.EnumerateFileSystemEntries(chartsDirectory))
        {
            if (Directory.Exists(entry) && File.Exists(Path.Combine(entry, "Chart.yaml")))
            {
                names.Add(ReadMetadata(entry, Path.GetFileName(entry)).Name is { Length: > 0 } name ? name : Path.GetFileName(entry));
            }
            else if (entry.EndsWith(".tgz", StringComparison.OrdinalIgnoreCase) && TopFolder(entry) is { } top)
            {
                names.Add(top);
            }
        }

        return names;
    }

    private static async Task AddAsync(
        RepositorySandbox paths, string chartDirectory, string shown, ChartDependency dependency, IReadOnlyList<ChartDependency> locked, string target,
        IChartSource? charts, ChartCredentials? credentials, string? credentialsRepoUrl, CancellationToken ct)
    {
        var what = $"dependency \"{dependency.Name}\" of {shown}";
        var repository = dependency.Repository.Trim();
        if (repository.StartsWith("file://", StringComparison.OrdinalIgnoreCase))
        {
            var folder = paths.Resolve(chartDirectory, repository["file://".Length..], what);
            if (!File.Exists(Path.Combine(folder, "Chart.yaml")))
            {
                throw new RenderException(RenderFailureReason.HelmFailed, $"{what}: {repository} is no chart folder in the repository");
            }

            paths.EnsureNoEscapingLinks(folder);
            CopyDirectory(folder, Path.Combine(target, dependency.Name), new HashSet<string>(StringComparer.Ordinal));
            return;
        }

        if (repository.Length == 0 || repository.StartsWith('@') || repository.StartsWith("alias:", StringComparison.Ordinal) || !ChartSourceKinds.IsChartRepositoryUrl(repository))
        {
            throw new RenderException(
                RenderFailureReason.HelmFailed,
                $"{what} is not in charts/ and its repository \"{repository}\" is no https://, http://, oci:// or file:// URL (repository names from helm's repositories.yaml are not read); vendor it, or name its repository's URL");
        }

        if (charts is null)
        {
            throw new RenderException(RenderFailureReason.HelmFailed, $"{what} is not in charts/, and this renderer fetches no dependencies");
        }

        var pinned = locked.FirstOrDefault(l => l.Name == dependency.Name && SameRepository(l.Repository, repository));
        var versionText = pinned?.Version ?? dependency.Version;
        if (!ChartVersionConstraint.TryParse(versionText, out var constraint, out var error) || constraint.Digest is not null)
        {
            throw new RenderException(RenderFailureReason.HelmFailed, $"{what}: version {error}");
        }

        // Credentials go only to the repository they were given for (helm's default: no --pass-credentials).
        var own = credentialsRepoUrl is not null && SameHost(credentialsRepoUrl, repository) ? credentials : null;
        try
        {
            var resolved = await charts.ResolveAsync(new ChartReference(repository, dependency.Name), constraint, own, ct).ConfigureAwait(false);
            var archive = await charts.PullArchiveAsync(resolved, own, ct).ConfigureAwait(false);
            File.Copy(archive, Path.Combine(target, $"{dependency.Name}-{resolved.Version}.tgz"), overwrite: true);
        }
        catch (ChartSourceException ex)
        {
            throw new ChartSourceException(ex.Reason, $"{what}: {ex.Message}", ex);
        }
    }

    private static ChartMetadata ReadMetadata(string chartDirectory, string shown)
    {
        try
        {
            return ChartMetadata.Read(chartDirectory, shown);
        }
        catch (ChartSourceException ex)
        {
            throw new RenderException(RenderFailureReason.HelmFailed, ex.Message, ex);
        }
    }

    private static IReadOnlyList<ChartDependency> ReadLock(string chartDirectory, string shown)
    {
        var file = Path.Combine(chartDirectory, "Chart.lock");
        if (!File.Exists(file))
        {
            return [];
        }

        try
        {
            return ChartMetadata.ParseLock(File.ReadAllText(file), shown + "/Chart.lock");
        }
        catch (ChartSourceException ex)
        {
            throw new RenderException(RenderFailureReason.HelmFailed, ex.Message, ex);
        }
    }

    private static bool SameRepository(string a, string b) => string.Equals(a.Trim().TrimEnd('/'), b.Trim().TrimEnd('/'), StringComparison.OrdinalIgnoreCase);

    private static bool SameHost(string a, string b) =>
        Uri.TryCreate(a.Replace("oci://", "https://", StringComparison.OrdinalIgnoreCase), UriKind.Absolute, out var x)
        && Uri.TryCreate(b.Replace("oci://", "https://", StringComparison.OrdinalIgnoreCase), UriKind.Absolute, out var y)
        && string.Equals(x.Authority, y.Authority, StringComparison.OrdinalIgnoreCase);

    private static string? TopFolder(string archive)
    {
        try
        {
            using var file = File.OpenRead(archive);
            using var gzip = new System.IO.Compression.GZipStream(file, System.IO.Compression.CompressionMode.Decompress);
            using var reader = new System.Formats.Tar.TarReader(gzip);
            return reader.GetNextEntry() is { } entry ? entry.Name.Replace('\\', '/').Split('/', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() : null;
        }
        catch (Exception ex) when (ex is InvalidDataException or EndOfStreamException or FormatException or IOException)
        {
            return null;
        }
    }

    /// <summary>Copies file contents (links already judged to stay inside the repository are followed), once per real folder.</summary>
    private static void CopyDirectory(string source, string destination, HashSet<string> visited)
    {
        if (!visited.Add(RepositorySandbox.RealPath(source)))
        {
            return;
        }

        Directory.CreateDirectory(destination);
        foreach (var file in Directory.EnumerateFiles(source))
        {
            File.Copy(file, Path.Combine(destination, Path.GetFileName(file)), overwrite: true);
        }

        foreach (var directory in Directory.EnumerateDirectories(source))
        {
            CopyDirectory(directory, Path.Combine(destination, Path.GetFileName(directory)), visited);
        }
    }

    private static string Shown(RepositorySandbox paths, string chartDirectory) => paths.Relative(chartDirectory) is { Length: > 0 } relative ? relative : ".";
}
