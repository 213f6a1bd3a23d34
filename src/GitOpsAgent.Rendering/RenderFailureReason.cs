namespace GitOpsAgent.Rendering;

/// <summary>Why a render failed; stable names for conditions and metrics.</summary>
public enum RenderFailureReason
{
    PathNotFound,
    InvalidManifest,
    DuplicateObject,
    KustomizeFailed,
    HelmNotAvailable,
    HelmFailed,
    Timeout,
    OutputTooLarge,

    /// <summary>The path, a symlink, a kustomize base or a values file points outside the repository.</summary>
    PathOutsideRepository,

    /// <summary>A ${name} in the rendered text is undefined or malformed (spec.substitute).</summary>
    SubstitutionFailed,
}
