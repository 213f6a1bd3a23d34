namespace GitOpsAgent.Core.Health;

/// <summary>
/// What the cluster knows about an object's kind that the object itself does not say. The controller fills it from
/// discovery (a "&lt;plural&gt;/status" resource in the group version's resource list) or the CRD
/// (spec.versions[].subresources.status); the default knows nothing, which keeps the verdicts of objects without a
/// status what they were: Healthy.
/// </summary>
/// <param name="HasStatusSubresource">
/// The kind has a status subresource, so its operator is expected to write a status: an object without one is
/// Progressing ("waiting for the operator"), except for the few kinds whose operators write status only when a feature
/// is enabled (<see cref="Generic.StatusOptionalKinds"/>).
/// </param>
public sealed record KindFacts(bool HasStatusSubresource = false)
{
    public static KindFacts Unknown { get; } = new();
}
