using GitOpsAgent.Core.Manifests;
using GitOpsAgent.Git;
using GitOpsAgent.Kubernetes;
using GitOpsAgent.Rendering;

namespace GitOpsAgent.Cli;

internal static class CliErrors
{
    /// <summary>
    /// Failures the user can act on: print the message (which names the file and line) and exit 2. Every client
    /// failure (unknown kind, timeout, unreachable server) counts: letting one escape would exit 1, "differences".
    /// </summary>
    public static bool IsUserFacing(Exception ex) => ex is ManifestParseException or RenderException or GitSourceException
        or KubernetesException or HttpRequestException or IOException or UnauthorizedAccessException
        or System.Text.Json.JsonException or InvalidOperationException or Rendering.Charts.ChartSourceException or ArgumentException;
}
