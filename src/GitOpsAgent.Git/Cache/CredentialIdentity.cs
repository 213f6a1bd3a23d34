using System.Security.Cryptography;
using System.Text;

namespace GitOpsAgent.Git;

/// <summary>An in-memory fingerprint of credentials, so cached answers are shared only between callers holding the same ones.</summary>
internal static class CredentialIdentity
{
    public const string Anonymous = "anonymous";

    public static string Of(GitCredentials? credentials)
    {
        if (credentials is null)
            return Anonymous;
        var material = string.Join('\0', credentials.Username, credentials.Password, credentials.SshPrivateKey, credentials.KnownHosts, credentials.InsecureIgnoreHostKey);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(material)));
    }
}
