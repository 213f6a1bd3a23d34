using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using GitOpsAgent.Core.Manifests;

namespace GitOpsAgent.Kubernetes;

/// <summary>Turns an error response (a Status body, or anything else) into the typed exception for its code.</summary>
internal static class StatusErrors
{
    private const int MaxBodyInMessage = 512;

    public static KubernetesApiException FromResponse(int statusCode, string body, string request)
    {
        var status = TryParseObject(body);
        var code = (int?)status?.GetInt64At("code") is int c and >= 400 ? c : statusCode;
        var reason = status?.GetStringAt("reason") ?? ((HttpStatusCode)statusCode).ToString();
        var message = status?.GetStringAt("message") ?? Truncate(body);
        var causes = ReadCauses(status);
        return Create(code, reason, message, causes, request);
    }

    /// <summary>From a Status the library parsed (a watch ERROR event).</summary>
    public static KubernetesApiException FromStatus(k8s.Models.V1Status status, string request) =>
        Create(status.Code ?? 500, status.Reason ?? "", status.Message ?? "",
            status.Details?.Causes?.Select(c => new KubernetesStatusCause(c.Field, c.Message, c.Reason)).ToList() ?? [], request);

    public static KubernetesApiException Create(int code, string reason, string message, IReadOnlyList<KubernetesStatusCause> causes, string request) => code switch
    {
        404 => new KubernetesNotFoundException(reason, message, causes, request),
        409 => new KubernetesConflictException(reason, message, causes, request),
        410 => new KubernetesGoneException(reason, message, causes, request),
        422 => new KubernetesInvalidException(reason, message, causes, request),
        429 or >= 500 => new KubernetesServerBusyException(code, reason, message, causes, request),
        _ => new KubernetesApiException(code, reason, message, causes, request),
    };

    private static List<KubernetesStatusCause> ReadCauses(JsonObject? status)
    {
        var causes = new List<KubernetesStatusCause>();
        if (status?.GetArrayAt("details", "causes") is not { } array)
        {
            return causes;
        }

        foreach (var item in array.OfType<JsonObject>())
        {
            causes.Add(new KubernetesStatusCause(item.GetStringAt("field"), item.GetStringAt("message"), item.GetStringAt("reason")));
        }

        return causes;
    }

    private static JsonObject? TryParseObject(string body)
    {
        try
        {
            return JsonNode.Parse(body) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string Truncate(string body) => body.Length <= MaxBodyInMessage ? body.Trim() : body[..MaxBodyInMessage] + "...";
}
