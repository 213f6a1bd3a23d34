using System.Text.Json.Nodes;
using GitOpsAgent.Core.Applications;
using GitOpsAgent.Core.Manifests;

namespace GitOpsAgent.Rendering.Charts;

/// <summary>One published version of a chart in a repository's index.yaml.</summary>
public sealed record ChartIndexEntry(string Name, string Version, string? Digest, IReadOnlyList<string> Urls);

/// <summary>
/// A chart repository's index.yaml (what `helm repo index` writes): charts by name, each with its versions, archive
/// URLs and digests. Reading it and choosing a version are pure; fetching it is <see cref="ChartRepositoryClient"/>'s.
/// </summary>
public sealed class ChartRepositoryIndex
{
    private const int NewestShown = 3;

    private readonly Dictionary<string, List<ChartIndexEntry>> _entries;

    private ChartRepositoryIndex(Dictionary<string, List<ChartIndexEntry>> entries) => _entries = entries;

    public int ChartCount => _entries.Count;

    /// <summary>Reads index.yaml text; an index that is no YAML mapping with "entries" is a <see cref="ChartSourceException"/> naming <paramref name="source"/>.</summary>
    public static ChartRepositoryIndex Parse(string text, string source, long maxLength)
    {
        JsonObject? root;
        try
        {
            var documents = YamlDocumentReader.Read(text, source, new ManifestLimits { MaxInputLength = (int)Math.Min(int.MaxValue, maxLength) });
            root = documents.Count == 1 ? documents[0].Root as JsonObject : null;
        }
        catch (ManifestParseException ex)
        {
            throw new ChartSourceException(ChartFailureReason.Unavailable, $"{source} is not a chart repository index: {ex.Message}", ex);
        }

        if (root?["entries"] is not JsonObject entries)
        {
            throw new ChartSourceException(ChartFailureReason.Unavailable, $"{source} is not a chart repository index: it has no \"entries\" mapping");
        }

        var result = new Dictionary<string, List<ChartIndexEntry>>(StringComparer.Ordinal);
        foreach (var (name, versions) in entries)
        {
            var list = new List<ChartIndexEntry>();
            foreach (var version in (versions as JsonArray ?? []).OfType<JsonObject>())
            {
                if (Scalar(version["version"]) is not { Length: > 0 } v)
                {
                    continue;
                }

                var urls = (version["urls"] as JsonArray ?? []).Select(Scalar).OfType<string>().Where(u => u.Length > 0).ToList();
                var digest = Scalar(version["digest"]);
                list.Add(new ChartIndexEntry(name, v, string.IsNullOrEmpty(digest) ? null : NormalizeDigest(digest), urls));
            }

            result[name] = list;
        }

        return new ChartRepositoryIndex(result);
    }

    /// <summary>The newest version of <paramref name="chart"/> satisfying <paramref name="constraint"/>; throws ChartNotFound or NoMatchingVersion naming what there is.</summary>
    public ChartIndexEntry Select(string chart, ChartVersionConstraint constraint, string repository)
    {
        ArgumentNullException.ThrowIfNull(constraint);
        if (!_entries.TryGetValue(chart, out var versions) || versions.Count == 0)
        {
            throw new ChartSourceException(
                ChartFailureReason.ChartNotFound,
                $"chart \"{chart}\" is not in the chart repository {repository} (its index lists {ChartCount} chart{(ChartCount == 1 ? "" : "s")})");
        }

        var chosen = constraint.SelectHighest(versions.Select(v => v.Version));
        if (chosen is null)
        {
            throw new ChartSourceException(ChartFailureReason.NoMatchingVersion, NoMatchMessage(chart, repository, constraint, versions.Select(v => v.Version)));
        }

        var entry = versions.First(v => v.Version == chosen);
        return entry.Urls.Count == 0
            ? throw new ChartSourceException(ChartFailureReason.Unavailable, $"chart \"{chart}\" {chosen} in {repository} has no download URL in the index")
            : entry;
    }

    /// <summary>"no version of chart X in R matches C; the newest are a, b, c".</summary>
    public static string NoMatchMessage(string chart, string repository, ChartVersionConstraint constraint, IEnumerable<string> versions)
    {
        var newest = versions
            .Select(v => (Text: v, Parsed: ChartVersionConstraint.ParseVersion(v)))
            .Where(v => v.Parsed is not null)
            .OrderByDescending(v => v.Parsed!, Semver.SemVersion.PrecedenceComparer)
            .Take(NewestShown)
            .Select(v => v.Text)
            .ToList();
        var there = newest.Count == 0 ? "it has no semver versions" : $"the newest are {string.Join(", ", newest)}";
        return $"no version of chart \"{chart}\" in {repository} matches \"{constraint.Text}\"; {there}";
    }

    /// <summary>An archive URL of the index as an absolute URL: relative ones are relative to the repository URL (as helm reads them).</summary>
    public static Uri ArchiveUri(string repositoryUrl, string url)
    {
        var baseUri = new Uri(repositoryUrl.TrimEnd('/') + "/");
        return Uri.TryCreate(url, UriKind.Absolute, out var absolute) && absolute.Scheme is "http" or "https" ? absolute : new Uri(baseUri, url);
    }

    /// <summary>"sha256:hex" whether the index wrote the prefix or not.</summary>
    public static string NormalizeDigest(string digest)
    {
        var trimmed = digest.Trim().ToLowerInvariant();
        return trimmed.StartsWith("sha256:", StringComparison.Ordinal) ? trimmed : "sha256:" + trimmed;
    }

    private static string? Scalar(JsonNode? node) => node is JsonValue value ? value.ToString() : null;
}
