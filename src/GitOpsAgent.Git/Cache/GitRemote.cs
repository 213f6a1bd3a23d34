namespace GitOpsAgent.Git;

/// <summary>
/// How one caller reaches a repository: its URL (redacted; https and ssh forms of one repository share a mirror but not
/// a transport) and its credentials. Identity keys what may be shared between callers.
/// </summary>
internal sealed record GitRemote(string Url, GitCredentials? Credentials)
{
    public string Identity { get; } = CredentialIdentity.Of(Credentials) + " " + Url;

    public override string ToString() => Url;

    /// <summary>https://user:token@host/... still works, but the secret travels through the askpass environment, not the URL.</summary>
    public static GitRemote For(string repoUrl, GitCredentials? credentials)
    {
        if (credentials is null)
        {
            var (username, password) = RepoUrl.UserInfo(repoUrl);
            if (username is not null || password is not null)
                credentials = new GitCredentials(username, password);
        }

        return new GitRemote(RepoUrl.Redact(repoUrl), credentials);
    }
}
