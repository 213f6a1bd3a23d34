namespace GitOpsAgent.Rendering.Tests;

/// <summary>Manifests the renderer tests write into their throwaway repositories.</summary>
internal static class RenderInputs
{
    public static string ConfigMap(string name, string? ns = null) =>
        $"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {name}\n" + (ns is null ? "" : $"  namespace: {ns}\n") + "data:\n  key: value\n";
}

/// <summary>Counts renders and cache hits, as a metrics exporter would.</summary>
internal sealed class RecordingObserver : IRenderObserver
{
    public List<(string Renderer, bool CacheHit)> Renders { get; } = [];

    public void OnRender(string renderer, TimeSpan duration, bool cacheHit) => Renders.Add((renderer, cacheHit));
}
