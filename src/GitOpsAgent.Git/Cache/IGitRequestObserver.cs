namespace GitOpsAgent.Git;

/// <summary>Told about every network request to a remote; the host turns these into metrics.</summary>
public interface IGitRequestObserver
{
    /// <param name="repo">The repository URL, redacted (no userinfo).</param>
    /// <param name="requestType">"ls-remote" or "fetch".</param>
    void OnRequest(string repo, string requestType, TimeSpan duration, bool success);
}
