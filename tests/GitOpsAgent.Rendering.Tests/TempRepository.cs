namespace GitOpsAgent.Rendering.Tests;

/// <summary>A throwaway directory standing for a repository checkout.</summary>
internal sealed class TempRepository : IDisposable
{
    public TempRepository()
    {
        Root = Directory.CreateTempSubdirectory("gitopsagent-render-test-").FullName;
    }

    public string Root { get; }

    public string Write(string relativePath, string content)
    {
        var full = Path.Combine(Root, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, content);
        return full;
    }

    /// <summary>Writes an executable shell script (a stand-in for kustomize or helm).</summary>
    public string WriteScript(string relativePath, string body)
    {
        var full = Write(relativePath, "#!/bin/sh\n" + body);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(full, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        return full;
    }

    public static string ConfigMap(string name, string? ns = null) =>
        $"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {name}\n" + (ns is null ? "" : $"  namespace: {ns}\n") + "data:\n  key: value\n";

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

/// <summary>Counts renders and cache hits, as a metrics exporter would.</summary>
internal sealed class RecordingObserver : IRenderObserver
{
    public List<(string Renderer, bool CacheHit)> Renders { get; } = [];

    public void OnRender(string renderer, TimeSpan duration, bool cacheHit) => Renders.Add((renderer, cacheHit));
}
