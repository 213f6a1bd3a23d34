using System.Security.Cryptography;
using System.Text.Json;
using System.Text;
using GitOpsAgent.Core.Applications;

namespace GitOpsAgent.Rendering;

/// <summary>A stable hash of everything in a source and request that changes the render, for the cache key.</summary>
public static class SourceOptionsHash
{
    public static string Compute(RenderRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var text = JsonSerializer.Serialize(request.Source, ApplicationSerializer.Options)
            + "\n" + request.ApplicationName
            + "\n" + string.Join(",", request.HelmApiVersions ?? [])
            + "\n" + (request.Substitutions is { } variables ? "substitute:" + variables.Fingerprint() : "");
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }
}
