using System.Text.Json.Nodes;
using GitOpsAgent.Core.Manifests;
using GitOpsAgent.TestApiServer.Discovery;
using GitOpsAgent.TestApiServer.Http;

namespace GitOpsAgent.TestApiServer.Authorization;

/// <summary>
/// SelfSubjectAccessReview (may the requester, after impersonation, do this?) and SubjectAccessReview (may this user
/// with these groups?) of authorization.k8s.io/v1: create-only, never stored, answered with the request and its
/// status (allowed, and the authorizer's reason when it gave one). What `kubectl auth can-i` asks.
/// </summary>
public static class AccessReviews
{
    public const string Group = "authorization.k8s.io";

    public static bool Handles(ResourceType type) =>
        type is { Group: Group, Plural: "selfsubjectaccessreviews" or "subjectaccessreviews" };

    public static JsonObject Review(ResourceType type, JsonObject review, UserInfo requester, RbacAuthorizer authorizer)
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(review);
        ArgumentNullException.ThrowIfNull(authorizer);
        var spec = review.GetObjectAt("spec") ?? [];
        var subject = type.Plural == "selfsubjectaccessreviews" ? requester : Subject(type, spec);
        var attributes = spec.GetObjectAt("resourceAttributes") is { } resource
            ? RequestAttributes.ForResource(subject, Text(resource, "verb"), Text(resource, "group"), Text(resource, "resource"), Text(resource, "subresource"), Text(resource, "namespace"), Text(resource, "name"))
            : spec.GetObjectAt("nonResourceAttributes") is { } path
                ? RequestAttributes.ForPath(subject, Text(path, "verb"), Text(path, "path"))
                : throw Invalid(type, "spec.resourceAttributes", "exactly one of nonResourceAttributes or resourceAttributes must be specified");
        var decision = authorizer.Authorize(attributes);
        var answer = (JsonObject)review.DeepClone();
        answer["apiVersion"] = type.ApiVersion;
        answer["kind"] = type.Kind;
        answer["metadata"] = new JsonObject { ["creationTimestamp"] = null };
        var status = new JsonObject { ["allowed"] = decision.Allowed };
        if (decision.Reason.Length > 0)
        {
            status["reason"] = decision.Reason;
        }

        answer["status"] = status;
        return answer;
    }

    private static UserInfo Subject(ResourceType type, JsonObject spec)
    {
        var user = Text(spec, "user");
        var groups = (spec["groups"] as JsonArray ?? []).Select(g => g?.GetValue<string>() ?? "").Where(g => g.Length > 0).ToList();
        return user.Length == 0 && groups.Count == 0
            ? throw Invalid(type, "spec.user", "at least one of user or group must be specified")
            : new UserInfo(user, groups);
    }

    private static string Text(JsonObject obj, string field) => obj.GetStringAt(field) ?? "";

    private static ApiException Invalid(ResourceType type, string field, string why) => ApiException.Invalid(Group, type.Kind, "", field, why);
}
