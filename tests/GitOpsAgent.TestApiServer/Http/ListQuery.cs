using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using GitOpsAgent.Core.Manifests;
using GitOpsAgent.TestApiServer.Queries;
using Microsoft.AspNetCore.Http;

namespace GitOpsAgent.TestApiServer.Http;

/// <summary>The selectors and paging of a list or watch request.</summary>
public sealed record ListQuery(LabelSelector Labels, FieldSelector Fields, int Limit, string? Continue)
{
    public static ListQuery From(IQueryCollection query) => new(
        LabelSelector.Parse(query["labelSelector"]),
        FieldSelector.Parse(query["fieldSelector"]),
        int.TryParse(query["limit"], CultureInfo.InvariantCulture, out var limit) && limit > 0 ? limit : 0,
        string.IsNullOrEmpty(query["continue"]) ? null : query["continue"].ToString());

    public bool Matches(JsonObject obj) => Labels.Matches(obj) && Fields.Matches(obj);

    /// <summary>One page of the matching objects (in namespace/name order) and the continue token for the rest.</summary>
    public (List<JsonObject> Page, string? Continue, long Remaining) Paginate(IEnumerable<JsonObject> items)
    {
        var after = Continue is null ? null : DecodeContinue(Continue);
        var matching = items.Where(Matches).Where(o => after is null || string.CompareOrdinal(SortKey(o), after) > 0).ToList();
        if (Limit == 0 || matching.Count <= Limit)
        {
            return (matching, null, 0);
        }

        var page = matching.Take(Limit).ToList();
        var token = Convert.ToBase64String(Encoding.UTF8.GetBytes(SortKey(page[^1])));
        return (page, token, matching.Count - Limit);
    }

    private static string SortKey(JsonObject obj) => $"{obj.GetNamespace()}/{obj.GetName()}";

    private static string DecodeContinue(string token)
    {
        try
        {
            return Encoding.UTF8.GetString(Convert.FromBase64String(token));
        }
        catch (FormatException)
        {
            throw ApiException.BadRequest("continue key is not valid");
        }
    }
}
