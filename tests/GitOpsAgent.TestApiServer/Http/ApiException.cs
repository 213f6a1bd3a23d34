using System.Text.Json.Nodes;

namespace GitOpsAgent.TestApiServer.Http;

/// <summary>A failed request, answered with a metav1 Status body like the real API server's.</summary>
public sealed class ApiException(int code, string reason, string message, JsonObject? details = null) : Exception(message)
{
    public int Code { get; } = code;

    public string Reason { get; } = reason;

    public JsonObject? Details { get; } = details;

    public JsonObject ToStatus() => StatusBody(Code, Reason, Message, Details);

    public static JsonObject StatusBody(int code, string reason, string message, JsonObject? details = null)
    {
        var status = new JsonObject
        {
            ["kind"] = "Status",
            ["apiVersion"] = "v1",
            ["metadata"] = new JsonObject(),
            ["status"] = "Failure",
            ["message"] = message,
            ["reason"] = reason,
            ["code"] = code,
        };
        if (details is not null)
        {
            status["details"] = details;
        }

        return status;
    }

    private static JsonObject NameDetails(string name, string group, string plural) =>
        new() { ["name"] = name, ["group"] = group, ["kind"] = plural };

    public static ApiException NotFound(string group, string plural, string name) =>
        new(404, "NotFound", $"{Qualified(group, plural)} \"{name}\" not found", NameDetails(name, group, plural));

    public static ApiException AlreadyExists(string group, string plural, string name) =>
        new(409, "AlreadyExists", $"{Qualified(group, plural)} \"{name}\" already exists", NameDetails(name, group, plural));

    public static ApiException Conflict(string group, string plural, string name, string why) =>
        new(409, "Conflict", $"Operation cannot be fulfilled on {Qualified(group, plural)} \"{name}\": {why}", NameDetails(name, group, plural));

    public static ApiException Invalid(string group, string kind, string name, string field, string why)
    {
        var details = new JsonObject
        {
            ["name"] = name,
            ["group"] = group,
            ["kind"] = kind,
            ["causes"] = new JsonArray(new JsonObject { ["reason"] = "FieldValueInvalid", ["message"] = why, ["field"] = field }),
        };
        var qualifiedKind = group.Length == 0 ? kind : $"{kind}.{group}";
        return new(422, "Invalid", $"{qualifiedKind} \"{name}\" is invalid: {field}: {why}", details);
    }

    /// <summary>
    /// 422 for a required request option, as the real server's PatchOptions validation answers an apply without
    /// fieldManager: kind PatchOptions of group meta.k8s.io, no name, one FieldValueRequired cause.
    /// </summary>
    public static ApiException OptionRequired(string optionsKind, string field, string why)
    {
        var message = $"Required value: {why}";
        var details = new JsonObject
        {
            ["group"] = "meta.k8s.io",
            ["kind"] = optionsKind,
            ["causes"] = new JsonArray(new JsonObject { ["reason"] = "FieldValueRequired", ["message"] = message, ["field"] = field }),
        };
        return new(422, "Invalid", $"{optionsKind}.meta.k8s.io \"\" is invalid: {field}: {message}", details);
    }

    public static ApiException BadRequest(string message) => new(400, "BadRequest", message);

    public static ApiException MethodNotAllowed(string message) => new(405, "MethodNotAllowed", message);

    private static string Qualified(string group, string plural) => group.Length == 0 ? plural : $"{plural}.{group}";
}
