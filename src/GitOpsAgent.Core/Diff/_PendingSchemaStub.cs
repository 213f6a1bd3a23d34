// TEMPORARY stand-in for the lead's GitOpsAgent.Core.Schema (coming on main); deleted when main is merged.
using System.Text.Json.Nodes;

namespace GitOpsAgent.Core.Schema;

public enum ListType { Atomic, Set, Map }

public sealed record ListSchema(ListType Type, IReadOnlyList<string> Keys)
{
    public static ListSchema Atomic { get; } = new(ListType.Atomic, []);
}

public interface IListTypes
{
    ListSchema ForPath(string group, string kind, string path);
}

public sealed class ListTypeTable : IListTypes
{
    public static ListTypeTable Builtin { get; } = new();

    public ListTypeTable WithCustomResourceDefinition(JsonObject crd) => this;

    public ListSchema ForPath(string group, string kind, string path)
    {
        var last = path.Split('.')[^1];
        return last switch
        {
            "containers" or "initContainers" or "env" or "volumes" or "webhooks" or "secrets" or "imagePullSecrets" => new(ListType.Map, ["name"]),
            "volumeMounts" => new(ListType.Map, ["mountPath"]),
            "ports" when path.Contains("containers[]", StringComparison.Ordinal) => new(ListType.Map, ["containerPort", "protocol"]),
            "ports" when path == "spec.ports" => new(ListType.Map, ["port", "protocol"]),
            "finalizers" => new(ListType.Set, []),
            _ => ListSchema.Atomic,
        };
    }
}
