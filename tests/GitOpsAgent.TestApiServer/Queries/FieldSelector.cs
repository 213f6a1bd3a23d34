using System.Text.Json.Nodes;
using GitOpsAgent.Core.Manifests;

namespace GitOpsAgent.TestApiServer.Queries;

/// <summary>A parsed fieldSelector: path=value, path==value and path!=value on dotted paths such as metadata.name.</summary>
public sealed class FieldSelector
{
    private readonly List<(string[] Path, string Value, bool Negate)> _requirements = [];

    public static FieldSelector Parse(string? text)
    {
        var selector = new FieldSelector();
        foreach (var part in (text ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var negate = part.Contains("!=", StringComparison.Ordinal);
            var pieces = part.Split(negate ? "!=" : part.Contains("==", StringComparison.Ordinal) ? "==" : "=", 2);
            selector._requirements.Add((pieces[0].Trim().Split('.'), pieces.Length > 1 ? pieces[1].Trim() : "", negate));
        }

        return selector;
    }

    public bool Matches(JsonObject obj) =>
        _requirements.All(r => ((obj.GetAt(r.Path) is JsonValue v ? v.ToString() : "") == r.Value) != r.Negate);
}
