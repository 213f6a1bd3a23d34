using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using GitOpsAgent.Core.Applications;
using GitOpsAgent.Core.Manifests;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace GitOpsAgent.Rendering.Charts;

/// <summary>
/// Chart repositories and OCI registries behind <see cref="IChartSource"/>: one index.yaml (with If-None-Match) or
/// one tag list and manifest per repository and credentials per TTL, however many Applications ask; archives
/// downloaded once per digest and verified; extracted once per digest into folders nothing writes to again.
/// </summary>
public sealed partial class ChartRepositoryCache : IChartSource, IDisposable
{
    private const string OciManifestType = "application/vnd.oci.image.manifest.v1+json";
    private const string HelmChartLayerType = "application/vnd.cncf.helm.chart.content.v1.tar+gzip";
    private const int MaxTagPages = 100;

    private readonly ChartSourceOptions _options;
    private readonly ILogger _logger;
    private readonly ChartHttp _http;
    private readonly SharedAnswers<ChartRepositoryIndex> _indexes;
    private readonly SharedAnswers<IReadOnlyList<string>> _tags;
    private readonly SharedAnswers<OciManifest> _manifests;
    private readonly SharedAnswers<string> _downloads;
    private readonly SharedAnswers<PulledChart> _extractions;
    private readonly Dictionary<string, (string ETag, ChartRepositoryIndex Index)> _lastIndexes = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    public ChartRepositoryCache(ChartSourceOptions options, ILogger<ChartRepositoryCache>? logger = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _logger = logger ?? (ILogger)NullLogger.Instance;
        var time = timeProvider ?? TimeProvider.System;
        _http = new ChartHttp(options);
        _indexes = new(time, options.IndexTtl);
        _tags = new(time, options.IndexTtl);
        _manifests = new(time, options.IndexTtl);
        _downloads = new(time, TimeSpan.Zero);
        _extractions = new(time, TimeSpan.Zero);
        foreach (var folder in new[] { ArchivesDirectory, ChartsDirectory, ScratchDirectory })
        {
            Directory.CreateDirectory(folder);
        }
    }

    /// <summary>Requests sent to repositories and registries, by kind ("index", "tags", "manifest", "archive"): what the benchmark counts.</summary>
    public IReadOnlyDictionary<string, int> RequestCounts
    {
        get
        {
            lock (_gate)
            {
                return new Dictionary<string, int>(_requestCounts);
            }
        }
    }

    private readonly Dictionary<string, int> _requestCounts = new(StringComparer.Ordinal);

    private string ArchivesDirectory => Path.Combine(_options.CacheRoot, "archives");

    private string ChartsDirectory => Path.Combine(_options.CacheRoot, "charts");

    private string ScratchDirectory => Path.Combine(_options.CacheRoot, "tmp");

    public async Task<ResolvedChart> ResolveAsync(ChartReference chart, ChartVersionConstraint constraint, ChartCredentials? credentials, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(chart);
        ArgumentNullException.ThrowIfNull(constraint);
        CheckUrl(chart.RepoUrl);
        var resolved = chart.IsOci
            ? await ResolveOciAsync(chart, constraint, credentials, ct).ConfigureAwait(false)
            : await ResolveFromIndexAsync(chart, constraint, credentials, ct).ConfigureAwait(false);
        LogResolved(_logger, chart, constraint, resolved.Version);
        return resolved;
    }

    public async Task<string> PullArchiveAsync(ResolvedChart chart, ChartCredentials? credentials, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(chart);
        if (chart.ArchiveDigest is { } known && File.Exists(ArchivePath(known)))
        {
            return ArchivePath(known);
        }

        var key = (chart.ArchiveDigest ?? chart.ArchiveUri.ToString()) + "\n" + (credentials?.Identity ?? "anonymous");
        return await _downloads.GetAsync(key, () => DownloadAsync(chart, credentials), ct).ConfigureAwait(false);
    }

    public async Task<PulledChart> PullAsync(ResolvedChart chart, ChartCredentials? credentials, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(chart);
        var archive = await PullArchiveAsync(chart, credentials, ct).ConfigureAwait(false);
        var archiveDigest = "sha256:" + Path.GetFileNameWithoutExtension(archive);
        var pulled = await _extractions.GetAsync(archiveDigest, () => Task.FromResult(Extract(chart, archive, archiveDigest)), ct).ConfigureAwait(false);
        return pulled with { Chart = chart.Chart, Version = chart.Version, Digest = chart.Digest ?? archiveDigest };
    }

    public void Invalidate(string repoUrl)
    {
        ArgumentNullException.ThrowIfNull(repoUrl);
        var prefix = Normalize(repoUrl) + "\n";
        _indexes.Forget(prefix);
        _tags.Forget(prefix);
        _manifests.Forget(prefix);
    }

    public void Dispose() => _http.Dispose();

    private static void CheckUrl(string url)
    {
        if (!ChartSourceKinds.IsChartRepositoryUrl(url) || !Uri.TryCreate(url.Replace("oci://", "https://", StringComparison.OrdinalIgnoreCase), UriKind.Absolute, out _))
        {
            throw new ChartSourceException(ChartFailureReason.UrlNotAllowed, $"\"{GitOpsAgent.Git.RepoUrl.Redact(url)}\" is no chart repository URL: charts come from https://, http:// or oci:// only");
        }
    }

    private static string Normalize(string url) => url.Trim().TrimEnd('/').ToLowerInvariant();

    private void Count(string kind)
    {
        lock (_gate)
        {
            _requestCounts[kind] = _requestCounts.GetValueOrDefault(kind) + 1;
        }
    }

    // --- chart repositories (index.yaml) ---

    private async Task<ResolvedChart> ResolveFromIndexAsync(ChartReference chart, ChartVersionConstraint constraint, ChartCredentials? credentials, CancellationToken ct)
    {
        var key = Normalize(chart.RepoUrl) + "\n" + (credentials?.Identity ?? "anonymous");
        var index = await _indexes.GetAsync(key, () => FetchIndexAsync(chart.RepoUrl, key, credentials), ct).ConfigureAwait(false);
        var shown = GitOpsAgent.Git.RepoUrl.Redact(chart.RepoUrl);
        var entry = index.Select(chart.Name, constraint, shown);
        var archive = ChartRepositoryIndex.ArchiveUri(chart.RepoUrl, entry.Urls[0]);
        return new ResolvedChart(chart, entry.Version, entry.Digest, archive, entry.Digest);
    }

    private async Task<ChartRepositoryIndex> FetchIndexAsync(string repoUrl, string key, ChartCredentials? credentials)
    {
        var uri = new Uri(repoUrl.TrimEnd('/') + "/index.yaml");
        var shown = ChartHttp.Shown(uri);
        (string ETag, ChartRepositoryIndex Index)? last;
        lock (_gate)
        {
            last = _lastIndexes.TryGetValue(key, out var known) ? known : null;
        }

        Count("index");
        var response = await _http.GetAsync(uri, credentials, oci: false, "application/x-yaml, text/yaml, */*", _options.MaxIndexBytes, "chart repository index", CancellationToken.None, last?.ETag).ConfigureAwait(false);
        if (response.Status == System.Net.HttpStatusCode.NotModified && last is { } unchanged)
        {
            LogIndexFetched(_logger, shown, unchanged.Index.ChartCount, true);
            return unchanged.Index;
        }

        var index = ChartRepositoryIndex.Parse(ManifestText.Decode(response.Body, shown, new ManifestLimits { MaxInputLength = (int)Math.Min(int.MaxValue, _options.MaxIndexBytes) }), shown, _options.MaxIndexBytes);
        if (response.ETag is { Length: > 0 } etag)
        {
            lock (_gate)
            {
                _lastIndexes[key] = (etag, index);
            }
        }

        LogIndexFetched(_logger, shown, index.ChartCount, false);
        return index;
    }

    // --- OCI registries ---

    private async Task<ResolvedChart> ResolveOciAsync(ChartReference chart, ChartVersionConstraint constraint, ChartCredentials? credentials, CancellationToken ct)
    {
        var repository = OciRepository.Of(chart);
        var identity = credentials?.Identity ?? "anonymous";
        var prefix = Normalize(chart.RepoUrl) + "\n";
        string reference;
        if (constraint.Digest is { } digest)
        {
            reference = digest;
        }
        else
        {
            var tags = await _tags.GetAsync(prefix + chart.Name + "\n" + identity, () => ListTagsAsync(repository, credentials), ct).ConfigureAwait(false);
            reference = constraint.SelectHighest(tags)
                ?? throw new ChartSourceException(ChartFailureReason.NoMatchingVersion, ChartRepositoryIndex.NoMatchMessage(chart.Name, repository.Shown, constraint, tags));
        }

        var manifest = await _manifests.GetAsync(prefix + chart.Name + "\n" + reference + "\n" + identity, () => FetchManifestAsync(repository, reference, credentials), ct).ConfigureAwait(false);
        if (constraint.Digest is { } wanted && manifest.Digest != wanted)
        {
            throw new ChartSourceException(ChartFailureReason.DigestMismatch, $"{repository.Shown}@{wanted}: the registry sent a manifest whose digest is {manifest.Digest}");
        }

        var version = constraint.Digest is null ? reference.Replace('_', '+') : manifest.Version ?? "0.0.0";
        return new ResolvedChart(chart, version, manifest.Digest, repository.Blob(manifest.LayerDigest), manifest.LayerDigest);
    }

    private async Task<IReadOnlyList<string>> ListTagsAsync(OciRepository repository, ChartCredentials? credentials)
    {
        var tags = new List<string>();
        var next = repository.Tags();
        for (var page = 0; next is not null && page < MaxTagPages; page++)
        {
            Count("tags");
            var response = await _http.GetAsync(next, credentials, oci: true, "application/json", _options.MaxIndexBytes, "registry tag list", CancellationToken.None).ConfigureAwait(false);
            try
            {
                using var json = JsonDocument.Parse(response.Body);
                if (json.RootElement.TryGetProperty("tags", out var list) && list.ValueKind == JsonValueKind.Array)
                {
                    tags.AddRange(list.EnumerateArray().Select(t => t.GetString()).OfType<string>());
                }
            }
            catch (JsonException ex)
            {
                throw new ChartSourceException(ChartFailureReason.Unavailable, $"{repository.Shown}: the tag list is not JSON ({ex.Message})", ex);
            }

            next = OciRepository.NextPage(next, response.NextLink);
        }

        LogTagsListed(_logger, repository.Shown, tags.Count);
        return tags;
    }

    private async Task<OciManifest> FetchManifestAsync(OciRepository repository, string reference, ChartCredentials? credentials)
    {
        Count("manifest");
        var response = await _http.GetAsync(repository.Manifest(reference), credentials, oci: true, OciManifestType, _options.MaxIndexBytes, "registry manifest", CancellationToken.None).ConfigureAwait(false);
        var digest = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(response.Body));
        try
        {
            using var json = JsonDocument.Parse(response.Body);
            var layer = (json.RootElement.TryGetProperty("layers", out var layers) && layers.ValueKind == JsonValueKind.Array ? layers.EnumerateArray() : default)
                .FirstOrDefault(l => l.TryGetProperty("mediaType", out var type) && type.GetString() == HelmChartLayerType);
            if (layer.ValueKind != JsonValueKind.Object || layer.GetProperty("digest").GetString() is not { Length: > 0 } layerDigest)
            {
                throw new ChartSourceException(ChartFailureReason.ChartNotFound, $"{repository.Shown}:{reference} is no Helm chart: its manifest has no {HelmChartLayerType} layer");
            }

            var version = json.RootElement.TryGetProperty("annotations", out var annotations) && annotations.TryGetProperty("org.opencontainers.image.version", out var v) ? v.GetString() : null;
            return new OciManifest(digest, ChartRepositoryIndex.NormalizeDigest(layerDigest), version);
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new ChartSourceException(ChartFailureReason.Unavailable, $"{repository.Shown}:{reference}: the manifest is not an OCI image manifest ({ex.Message})", ex);
        }
    }

    // --- archives ---

    private string ArchivePath(string digest) => Path.Combine(ArchivesDirectory, digest["sha256:".Length..] + ".tgz");

    private async Task<string> DownloadAsync(ResolvedChart chart, ChartCredentials? credentials)
    {
        // Credentials go with the archive only to the repository's own host (helm's default, --pass-credentials off).
        var sameHost = chart.Chart.IsOci || string.Equals(chart.ArchiveUri.Authority, new Uri(chart.Chart.RepoUrl).Authority, StringComparison.OrdinalIgnoreCase);
        Count("archive");
        var response = await _http.GetAsync(chart.ArchiveUri, sameHost ? credentials : null, chart.Chart.IsOci, "*/*", _options.MaxArchiveBytes, "chart archive", CancellationToken.None).ConfigureAwait(false);
        var digest = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(response.Body));
        if (chart.ArchiveDigest is { } expected && expected != digest)
        {
            throw new ChartSourceException(
                ChartFailureReason.DigestMismatch,
                $"{chart.Chart} {chart.Version}: the archive at {ChartHttp.Shown(chart.ArchiveUri)} has digest {digest}, not {expected} as {(chart.Chart.IsOci ? "the manifest" : "the index")} says");
        }

        var path = ArchivePath(digest);
        var shown = ChartHttp.Shown(chart.ArchiveUri);
        if (!File.Exists(path))
        {
            var staging = Path.Combine(ScratchDirectory, Guid.NewGuid().ToString("N"));
            await File.WriteAllBytesAsync(staging, response.Body).ConfigureAwait(false);
            try
            {
                File.Move(staging, path);
            }
            catch (IOException) when (File.Exists(path))
            {
                File.Delete(staging);
            }
        }

        LogArchiveDownloaded(_logger, shown, response.Body.Length, digest);
        return path;
    }

    private PulledChart Extract(ResolvedChart chart, string archive, string archiveDigest)
    {
        var target = Path.Combine(ChartsDirectory, archiveDigest["sha256:".Length..]);
        var name = $"{chart.Chart.Name}-{chart.Version}.tgz";
        if (!Directory.Exists(target))
        {
            // Built aside and renamed, so no reader ever sees a half-extracted chart.
            var staging = Path.Combine(ScratchDirectory, "x-" + Guid.NewGuid().ToString("N"));
            try
            {
                using (var file = File.OpenRead(archive))
                {
                    ChartArchive.Extract(file, staging, _options, name);
                }

                Directory.Move(staging, target);
            }
            catch (IOException) when (Directory.Exists(target))
            {
                // Another process extracted it first.
            }
            finally
            {
                if (Directory.Exists(staging))
                {
                    Directory.Delete(staging, recursive: true);
                }
            }
        }

        var folder = Directory.GetDirectories(target).Single(d => File.Exists(Path.Combine(d, "Chart.yaml")));
        var metadata = ChartMetadata.Read(folder, name);
        return new PulledChart(chart.Chart, chart.Version, archiveDigest, target, Path.GetFileName(folder), metadata.Maintainers);
    }

    private sealed record OciManifest(string Digest, string LayerDigest, string? Version);
}
