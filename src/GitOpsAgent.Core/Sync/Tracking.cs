using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using GitOpsAgent.Core.Manifests;

namespace GitOpsAgent.Core.Sync;

/// <summary>
/// How objects are marked as ours: a label to find them cheaply (a label selector) and an annotation that proves it.
/// The annotation names the exact object, so a label copied onto another object (or a copied manifest) is not ownership.
/// </summary>
public static class Tracking
{
    public const string LabelKey = "gitopsagent.io/application";
    public const string AnnotationKey = "gitopsagent.io/tracking-id";
    private const int MaxLabelValueLength = 63;

    /// <summary>"&lt;ns&gt;.&lt;name&gt;" when it is a valid label value, otherwise a readable prefix and a hash.</summary>
    public static string LabelValue(AppIdentity app)
    {
        var plain = $"{app.Namespace}.{app.Name}";
        if (plain.Length <= MaxLabelValueLength && IsLabelSafe(plain))
        {
            return plain;
        }

        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{app.Namespace}/{app.Name}")))[..16];
        var prefix = new string(plain.Where(IsLabelChar).Take(MaxLabelValueLength - hash.Length - 1).ToArray()).Trim('-', '_', '.');
        return prefix.Length == 0 ? hash : $"{prefix}-{hash}";
    }

    /// <summary>"&lt;appns&gt;/&lt;appname&gt;:&lt;group&gt;/&lt;kind&gt;:&lt;ns&gt;/&lt;name&gt;".</summary>
    public static string TrackingId(AppIdentity app, ResourceKey key) =>
        $"{app.Namespace}/{app.Name}:{key.Group}/{key.Kind}:{key.Namespace}/{key.Name}";

    /// <summary>A deep clone of desired carrying our label and tracking annotation.</summary>
    public static JsonObject Stamp(JsonObject desired, AppIdentity app)
    {
        var clone = (JsonObject)desired.DeepClone();
        clone.SetLabel(LabelKey, LabelValue(app));
        clone.SetAnnotation(AnnotationKey, TrackingId(app, ResourceKey.Of(clone)));
        return clone;
    }

    /// <summary>The object's tracking annotation is exactly ours for this object.</summary>
    public static bool IsOwnedBy(JsonObject live, AppIdentity app) =>
        live.GetAnnotation(AnnotationKey) == TrackingId(app, ResourceKey.Of(live));

    /// <summary>
    /// The Application whose tracking annotation the object carries, when that annotation names this very object (a
    /// copied annotation on another object is nobody's claim); null for an object no Application tracks.
    /// </summary>
    public static AppIdentity? OwnerOf(JsonObject live)
    {
        if (live.GetAnnotation(AnnotationKey) is not { } id)
        {
            return null;
        }

        var colon = id.IndexOf(':', StringComparison.Ordinal);
        var slash = colon < 0 ? -1 : id.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0 || slash > colon)
        {
            return null;
        }

        var owner = new AppIdentity(id[..slash], id[(slash + 1)..colon]);
        return TrackingId(owner, ResourceKey.Of(live)) == id ? owner : null;
    }

    private static bool IsLabelSafe(string value) =>
        value.All(IsLabelChar) && char.IsAsciiLetterOrDigit(value[0]) && char.IsAsciiLetterOrDigit(value[^1]);

    private static bool IsLabelChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.';
}
