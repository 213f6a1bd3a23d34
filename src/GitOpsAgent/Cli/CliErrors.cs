using GitOpsAgent.Core.Manifests;
using GitOpsAgent.Git;
using GitOpsAgent.Kubernetes;
using GitOpsAgent.Rendering;

namespace GitOpsAgent.Cli;

internal static class CliErrors
{
    /// <summary>Failures the user can act on: print the message (which names the file and line) and exit 2.</summary>
    public static bool IsUserFacing(Exception ex) => ex is ManifestParseException or RenderException or GitSourceException
        or KubernetesApiException or KubernetesConfigException or IOException or UnauthorizedAccessException
        or System.Text.Json.JsonException or InvalidOperationException;
}
