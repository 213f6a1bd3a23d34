using System.Text.RegularExpressions;

namespace GitOpsAgent.Git;

/// <summary>Removes URL userinfo and known secret values from text bound for exception messages and logs.</summary>
public static partial class SecretScrubber
{
    private const string Mask = "***";

    public static string Scrub(string text, GitCredentials? credentials)
    {
        var scrubbed = UrlUserInfo().Replace(text, "$1");
        if (credentials is null)
            return scrubbed;
        foreach (var secret in new[] { credentials.Password, credentials.SshPrivateKey })
        {
            if (!string.IsNullOrEmpty(secret))
                scrubbed = scrubbed.Replace(secret, Mask, StringComparison.Ordinal);
        }

        return scrubbed;
    }

    [GeneratedRegex(@"([a-zA-Z][a-zA-Z0-9+.\-]*://)[^/\s@'""]+@")]
    private static partial Regex UrlUserInfo();
}
