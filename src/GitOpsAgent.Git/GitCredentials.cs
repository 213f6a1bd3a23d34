namespace GitOpsAgent.Git;

/// <summary>How to authenticate to a repository. Never printed: <see cref="ToString"/> hides every field.</summary>
public sealed record GitCredentials(
    string? Username = null,
    string? Password = null,
    string? SshPrivateKey = null,
    string? KnownHosts = null,
    bool InsecureIgnoreHostKey = false)
{
    public override string ToString() => "GitCredentials(***)";

    public bool HasHttpsSecret => !string.IsNullOrEmpty(Password);

    public bool HasSshKey => !string.IsNullOrEmpty(SshPrivateKey);

    /// <summary>
    /// Reads a Kubernetes Secret's data (already base64-decoded): username, password, token (a password whose
    /// username defaults to "git"), sshPrivateKey, knownHosts, insecureIgnoreHostKey.
    /// </summary>
    public static GitCredentials FromSecretData(IReadOnlyDictionary<string, string> data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var username = Value(data, "username");
        var password = Value(data, "password");
        var token = Value(data, "token");
        if (password is null && token is not null)
        {
            password = token;
            username ??= "git";
        }

        var insecure = Value(data, "insecureIgnoreHostKey");
        return new GitCredentials(
            username,
            password,
            Value(data, "sshPrivateKey"),
            Value(data, "knownHosts"),
            insecure is not null && bool.TryParse(insecure.Trim(), out var flag) && flag);
    }

    private static string? Value(IReadOnlyDictionary<string, string> data, string key) =>
        data.TryGetValue(key, out var value) && !string.IsNullOrEmpty(value) ? value : null;
}
