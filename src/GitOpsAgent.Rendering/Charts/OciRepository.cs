namespace GitOpsAgent.Rendering.Charts;

/// <summary>
/// A chart's repository in an OCI registry (oci://HOST/PATH + CHART) and the distribution API URLs under it: https,
/// or plain http for a registry on a loopback address (localhost, 127.0.0.0/8, ::1), as helm and containerd do.
/// </summary>
internal sealed record OciRepository(string Authority, string Name, string Scheme = "https")
{
    public string Shown => $"oci://{Authority}/{Name}";

    public static OciRepository Of(ChartReference chart)
    {
        var uri = new Uri("https://" + chart.RepoUrl["oci://".Length..].TrimEnd('/'));
        var path = uri.AbsolutePath.Trim('/');
        var loopback = uri.IsLoopback || uri.Host.Equals("localhost", StringComparison.OrdinalIgnoreCase);
        return new OciRepository(uri.Authority, path.Length == 0 ? chart.Name : $"{path}/{chart.Name}", loopback ? "http" : "https");
    }

    public Uri Tags() => new($"{Scheme}://{Authority}/v2/{Name}/tags/list?n=1000");

    public Uri Manifest(string reference) => new($"{Scheme}://{Authority}/v2/{Name}/manifests/{Uri.EscapeDataString(reference)}");

    public Uri Blob(string digest) => new($"{Scheme}://{Authority}/v2/{Name}/blobs/{digest}");

    /// <summary>The next page from a Link header (&lt;/v2/...?last=x&amp;n=y&gt;; rel="next"), on the same registry only.</summary>
    public static Uri? NextPage(Uri current, string? link)
    {
        if (link is null || !link.Contains("rel=\"next\"", StringComparison.Ordinal))
        {
            return null;
        }

        var start = link.IndexOf('<', StringComparison.Ordinal);
        var end = link.IndexOf('>', StringComparison.Ordinal);
        if (start < 0 || end <= start)
        {
            return null;
        }

        var next = new Uri(current, link[(start + 1)..end]);
        return next.Authority == current.Authority ? next : null;
    }
}
