using GitOpsAgent.Core.Manifests;
using GitOpsAgent.Git;

namespace GitOpsAgent.Rendering;

/// <summary>
/// Runs `kustomize build DIR`, or `kubectl kustomize DIR` when there is no kustomize binary. Default flags only:
/// the load restrictor stays on, no plugins, no exec functions, no helm.
/// </summary>
internal static class KustomizeRenderer
{
    public static async Task<IReadOnlyList<Manifest>> RenderAsync(
        RepositorySandbox paths, string directory, bool allowRemote, ManifestRendererOptions options, Core.Variables.VariableSet? substitutions, CancellationToken ct)
    {
        KustomizationReferenceCheck.Check(paths, directory, allowRemote);

        var (tool, executable, arguments) = ToolLocator.Find(options.KustomizePath, "kustomize") is { } kustomize
            ? ("kustomize", kustomize, new[] { "build", directory })
            : ToolLocator.Find(options.KubectlPath, "kubectl") is { } kubectl
                ? ("kubectl kustomize", kubectl, new[] { "kustomize", directory })
                : throw new RenderException(RenderFailureReason.KustomizeFailed, "neither kustomize nor kubectl is installed, so kustomizations cannot be rendered");

        var relativeDirectory = paths.Relative(directory);
        var output = await ToolProcess.RunAsync(tool, executable, arguments, directory, options.Timeout, options.MaxOutputBytes, ct).ConfigureAwait(false);
        if (output.ExitCode != 0)
        {
            throw new RenderException(
                RenderFailureReason.KustomizeFailed,
                $"{tool} {(relativeDirectory.Length == 0 ? "." : relativeDirectory)} failed (exit code {output.ExitCode}): {ToolProcess.Summarize(output.Stderr)}");
        }

        try
        {
            var outputName = $"{(relativeDirectory.Length == 0 ? "." : relativeDirectory)} (kustomize output)";
            return ManifestReader.Read(Substitution.Apply(ManifestText.Decode(output.Stdout, outputName), substitutions, outputName), outputName);
        }
        catch (ManifestParseException ex)
        {
            throw new RenderException(RenderFailureReason.InvalidManifest, ex.Message, ex);
        }
    }
}
