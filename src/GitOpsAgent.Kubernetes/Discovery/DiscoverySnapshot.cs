namespace GitOpsAgent.Kubernetes;

/// <summary>An immutable view of discovery, by (apiVersion, kind).</summary>
internal sealed class DiscoverySnapshot
{
    private readonly Dictionary<(string ApiVersion, string Kind), ApiResource> _byKind = [];

    public DiscoverySnapshot(IReadOnlyList<ApiResource> all)
    {
        All = all;
        foreach (var resource in all)
        {
            _byKind.TryAdd((resource.ApiVersion, resource.Kind), resource);
        }
    }

    public IReadOnlyList<ApiResource> All { get; }

    public ApiResource? TryFind(string apiVersion, string kind) => _byKind.GetValueOrDefault((apiVersion, kind));

    public DiscoverySnapshot WithGroupVersion(string apiVersion, IReadOnlyList<ApiResource> resources) =>
        new([.. All.Where(r => r.ApiVersion != apiVersion), .. resources]);
}
