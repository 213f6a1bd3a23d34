using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace GitOpsAgent.Core.Manifests;

/// <summary>
/// Passes YAML parse events through and stops at the first one past a <see cref="ManifestLimits"/> bound, before the
/// recursive loader sees it: depth, documents and aliases are checked as they stream by. Counts the nodes written out.
/// </summary>
internal sealed class LimitingParser(IParser inner, ManifestLimits limits, string file) : IParser
{
    private int _depth;
    private int _documents;
    private int _aliases;

    /// <summary>Scalars, mappings and sequences read so far (aliases excluded).</summary>
    public long Nodes { get; private set; }

    public ParsingEvent? Current => inner.Current;

    public bool MoveNext()
    {
        if (!inner.MoveNext())
            return false;
        switch (inner.Current)
        {
            case MappingStart or SequenceStart:
                Nodes++;
                if (++_depth > limits.MaxDepth)
                    throw Exceeded($"nesting deeper than {limits.MaxDepth} levels");
                break;
            case MappingEnd or SequenceEnd:
                _depth--;
                break;
            case Scalar:
                Nodes++;
                break;
            case AnchorAlias:
                if (++_aliases > limits.MaxAliases)
                    throw Exceeded($"more than {limits.MaxAliases} aliases");
                break;
            case DocumentStart:
                if (++_documents > limits.MaxDocuments)
                    throw Exceeded($"more than {limits.MaxDocuments} documents");
                break;
        }

        return true;
    }

    private ManifestParseException Exceeded(string what) =>
        new(file, (int)inner.Current!.Start.Line, (int)inner.Current.Start.Column, $"{what}: over the limit for one input (see docs/security.md)");
}
