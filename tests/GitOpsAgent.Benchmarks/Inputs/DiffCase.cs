using GitOpsAgent.Core.Diff;

namespace GitOpsAgent.Benchmarks.Inputs;

/// <summary>One object kind's diff inputs as the controller sees them: JSON text of desired and of live (in sync or drifted).</summary>
internal sealed record DiffCase(string DesiredJson, string LiveInSyncJson, string LiveModifiedJson, DiffOptions Options)
{
    public static DiffCase For(string kind) => kind switch
    {
        "Deployment" => DeploymentInput.Case(),
        "ConfigMap" => ConfigMapInput.Case(),
        "CustomResource" => CustomResourceInput.Case(),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown object kind"),
    };
}
