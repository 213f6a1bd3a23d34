using System.Security.Cryptography;
using System.Text;

namespace GitOpsAgent.Git;

/// <summary>Constant-time checks of webhook signatures (HMAC-SHA256 of the raw body) and shared tokens.</summary>
internal static class WebhookSignature
{
    /// <summary>True when <paramref name="hexSignature"/> (optionally "sha256="-prefixed) is the body's HMAC-SHA256 under the secret.</summary>
    public static bool IsValidHmacSha256(string? hexSignature, ReadOnlySpan<byte> body, string secret, bool requirePrefix)
    {
        if (string.IsNullOrWhiteSpace(hexSignature))
            return false;
        var hex = hexSignature.Trim();
        const string prefix = "sha256=";
        if (hex.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            hex = hex[prefix.Length..];
        else if (requirePrefix)
            return false;
        if (hex.Length != 64 || !hex.All(char.IsAsciiHexDigit))
            return false;
        var expected = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body);
        return CryptographicOperations.FixedTimeEquals(expected, Convert.FromHexString(hex));
    }

    /// <summary>Compares a shared token without leaking its length or content through timing.</summary>
    public static bool IsValidToken(string? presented, string secret)
    {
        if (presented is null)
            return false;
        var presentedHash = SHA256.HashData(Encoding.UTF8.GetBytes(presented));
        var secretHash = SHA256.HashData(Encoding.UTF8.GetBytes(secret));
        return CryptographicOperations.FixedTimeEquals(presentedHash, secretHash);
    }
}
