using GitOpsAgent.Controller.Reconcile;
using GitOpsAgent.Core.Manifests;
using GitOpsAgent.Git;
using GitOpsAgent.Kubernetes;
using GitOpsAgent.Rendering;

namespace GitOpsAgent.Cli;

/// <summary>A problem with what the user asked for (an Application that does not exist, a history id it lacks): exit 2, the message as is.</summary>
public sealed class CliException(string message) : Exception(message);

internal static class CliErrors
{
    /// <summary>
    /// Failures the user can act on: print the message (which names the file and line) and exit 2. Every client
    /// failure (unknown kind, timeout, unreachable server) counts: letting one escape would exit 1, "differences".
    /// </summary>
    public static bool IsUserFacing(Exception ex) => ex is CliException or ManifestParseException or RenderException or GitSourceException
        or KubernetesException or HttpRequestException or IOException or UnauthorizedAccessException
        or System.Text.Json.JsonException or InvalidOperationException or Rendering.Charts.ChartSourceException or ArgumentException or FormatException
        or CredentialsNotFoundException or TimeoutException;

    /// <summary>One line for the user: the message of a failure they can act on, else the exception's type and message.</summary>
    public static string Describe(Exception ex)
    {
        ArgumentNullException.ThrowIfNull(ex);
        var message = ex.Message.ReplaceLineEndings(" ").Trim();
        return ex switch
        {
            KubernetesUnknownKindException { ApiVersion: Core.Applications.Application.ApiVersionValue, Kind: Core.Applications.Application.KindValue } =>
                $"{message}: the cluster has no Application CRD; install it with kubectl apply --server-side -f crds/",
            _ when IsUserFacing(ex) => message,
            _ => $"unexpected {ex.GetType().Name}: {message}",
        };
    }
}
