namespace GitOpsAgent.Rendering.Charts;

/// <summary>
/// How to reach a chart repository or OCI registry, from a Secret's data: username/password (basic auth, or the
/// registry's token exchange), token (a bearer token), ca.crt (a PEM bundle trusted besides the system's) and
/// insecureSkipVerify ("true": no TLS verification at all, only when the Secret asks). Never printed.
/// </summary>
public sealed record ChartCredentials(
    string? Username = null,
    string? Password = null,
    string? Token = null,
    string? CaCertificates = null,
    bool InsecureSkipVerify = false)
{
    public override string ToString() => "ChartCredentials(***)";

    public bool HasBasic => !string.IsNullOrEmpty(Username) && Password is not null;

    /// <summary>An in-memory fingerprint, so cached answers are shared only between callers holding the same credentials.</summary>
    public string Identity => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(
        System.Text.Encoding.UTF8.GetBytes(string.Join('\0', Username, Password, Token, CaCertificates, InsecureSkipVerify))));

    /// <summary>The secret values, for scrubbing text bound for messages and logs.</summary>
    public IEnumerable<string> SecretValues => new[] { Password, Token }.Where(v => !string.IsNullOrEmpty(v))!;

    /// <summary>Reads a Secret's data (already base64-decoded); null when it names nothing a chart source uses.</summary>
    public static ChartCredentials? FromSecretData(IReadOnlyDictionary<string, string> data)
    {
        ArgumentNullException.ThrowIfNull(data);
        string? Value(string key) => data.TryGetValue(key, out var value) && !string.IsNullOrEmpty(value) ? value : null;
        var insecure = Value("insecureSkipVerify");
        var credentials = new ChartCredentials(
            Value("username"),
            Value("password"),
            Value("token") ?? Value("bearerToken"),
            Value("ca.crt") ?? Value("caFile"),
            insecure is not null && bool.TryParse(insecure.Trim(), out var flag) && flag);
        return credentials == new ChartCredentials() ? null : credentials;
    }
}
