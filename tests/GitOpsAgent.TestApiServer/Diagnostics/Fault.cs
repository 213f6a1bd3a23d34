namespace GitOpsAgent.TestApiServer.Diagnostics;

/// <summary>
/// A failure to inject into matching requests (by verb, resource plural, and/or a substring of the path), the next
/// <see cref="Times"/> times. A delay runs first; then the connection drops, or the status code is answered with a
/// Status body; with neither, the request proceeds normally after the delay.
/// </summary>
public sealed class Fault
{
    public string? Verb { get; init; }

    public string? Resource { get; init; }

    public string? Path { get; init; }

    /// <summary>HTTP status to answer (0: none, the request proceeds after <see cref="Delay"/>).</summary>
    public int StatusCode { get; init; }

    public int? RetryAfterSeconds { get; init; }

    public TimeSpan? Delay { get; init; }

    public bool DropConnection { get; init; }

    public int Times { get; init; } = 1;

    /// <summary>Only dry-run requests (true), only real ones (false), or both (null).</summary>
    public bool? DryRun { get; init; }

    internal bool Matches(string verb, string resource, string path, bool dryRun) =>
        (Verb is null || Verb == verb) && (Resource is null || Resource == resource) && (Path is null || path.Contains(Path, StringComparison.Ordinal))
        && (DryRun is null || DryRun == dryRun);
}
