using GitOpsAgent.Core.Applications;

namespace GitOpsAgent.Rendering;

/// <summary>The renderers, with the names used in results, logs and metrics.</summary>
public enum RendererKind
{
    Plain,
    Kustomize,
    Helm,
}

/// <summary>Chooses the renderer: the Application's choice, else what the directory holds.</summary>
public static class RendererDetection
{
    public static readonly IReadOnlyList<string> KustomizationFileNames = ["kustomization.yaml", "kustomization.yml", "Kustomization"];

    public static string Name(this RendererKind kind) => kind switch
    {
        RendererKind.Kustomize => "kustomize",
        RendererKind.Helm => "helm",
        _ => "plain",
    };

    /// <summary>Source.Renderer Plain/Kustomize/Helm wins; Auto (or none): kustomization file => kustomize, Chart.yaml => helm, else plain.</summary>
    public static RendererKind Detect(string directory, ApplicationSource source)
    {
        switch (source.Renderer?.Trim().ToUpperInvariant())
        {
            case "PLAIN" or "DIRECTORY":
                return RendererKind.Plain;
            case "KUSTOMIZE":
                return RendererKind.Kustomize;
            case "HELM":
                return RendererKind.Helm;
        }

        if (FindKustomizationFile(directory) is not null)
        {
            return RendererKind.Kustomize;
        }

        return File.Exists(System.IO.Path.Combine(directory, "Chart.yaml")) ? RendererKind.Helm : RendererKind.Plain;
    }

    public static string? FindKustomizationFile(string directory) =>
        KustomizationFileNames.Select(name => System.IO.Path.Combine(directory, name)).FirstOrDefault(File.Exists);
}
