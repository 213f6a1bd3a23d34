using System.Text.Json.Nodes;
using GitOpsAgent.Core.Applications;

namespace GitOpsAgent.Core.Status;

/// <summary>Whether two statuses would be written identically, so an unchanged status is not written again.</summary>
public static class StatusComparer
{
    /// <summary>Equal as the API server would store them (serialized JSON, property order ignored). Null equals only null.</summary>
    public static bool IsEquivalent(ApplicationStatus? a, ApplicationStatus? b)
    {
        if (a is null || b is null)
        {
            return a is null && b is null;
        }

        return JsonNode.DeepEquals(ApplicationSerializer.StatusToJson(a), ApplicationSerializer.StatusToJson(b));
    }
}
