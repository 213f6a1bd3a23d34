using System.Text.RegularExpressions;
using Semver;

namespace GitOpsAgent.Core.Applications;

/// <summary>
/// A chart source's targetRevision: the newest release (empty, HEAD, * or latest), an exact version, a range as helm
/// reads it (Masterminds semver: 4.11.x, &gt;=1.2 &lt;2, &gt;=1.2, &lt;2, ~1.2, ^1.2, 1.2 - 1.4, a || b), or an OCI
/// manifest digest. Ranges are parsed by the Semver library with npm's grammar (commas read as spaces, as
/// Masterminds does): pre-releases match only when the range names one.
/// </summary>
public sealed partial class ChartVersionConstraint
{
    private const SemVersionStyles VersionStyles = SemVersionStyles.AllowV | SemVersionStyles.AllowLeadingZeros;

    private readonly SemVersionRange? _range;
    private readonly SemVersion? _exact;

    private ChartVersionConstraint(string text, SemVersionRange? range, string? digest, SemVersion? exact)
    {
        Text = text;
        _range = range;
        _exact = exact;
        Digest = digest;
        Exact = exact?.ToString();
    }

    /// <summary>The constraint as written.</summary>
    public string Text { get; }

    /// <summary>The OCI manifest digest ("sha256:...") when the constraint is one.</summary>
    public string? Digest { get; }

    /// <summary>The version when the constraint names exactly one (no range operator, every part given).</summary>
    public string? Exact { get; }

    /// <summary>True for "the newest release".</summary>
    public bool IsLatest => _range is not null && Text.Length == 0;

    /// <summary>Reads <paramref name="text"/>; false with a message naming what is wrong.</summary>
    public static bool TryParse(string? text, out ChartVersionConstraint constraint, out string error)
    {
        var trimmed = (text ?? "").Trim();
        error = "";
        constraint = null!;
        if (trimmed.Length == 0 || trimmed is "HEAD" or "*" or "latest")
        {
            constraint = new ChartVersionConstraint("", SemVersionRange.AllRelease, null, null);
            return true;
        }

        if (trimmed.StartsWith("sha256:", StringComparison.Ordinal))
        {
            if (!DigestPattern().IsMatch(trimmed))
            {
                error = $"\"{trimmed}\" is not a digest: sha256: and 64 lowercase hex digits";
                return false;
            }

            constraint = new ChartVersionConstraint(trimmed, null, trimmed, null);
            return true;
        }

        if (SemVersion.TryParse(trimmed, VersionStyles, out var exact))
        {
            // Equality rather than a range: a range cannot hold build metadata (1.2.3+build.7), an exact version can.
            constraint = new ChartVersionConstraint(trimmed, null, null, exact);
            return true;
        }

        if (!SemVersionRange.TryParseNpm(trimmed.Replace(',', ' '), out var range))
        {
            error = $"\"{trimmed}\" is neither a version nor a semver range (examples: 4.11.2, 4.11.x, >=1.2 <2, ^1.2, ~1.2.3)";
            return false;
        }

        constraint = new ChartVersionConstraint(trimmed, range, null, null);
        return true;
    }

    /// <summary>Parses a version as a chart repository or OCI tag lists it (a leading v allowed; OCI tags spell + as _), or null.</summary>
    public static SemVersion? ParseVersion(string version) =>
        SemVersion.TryParse(version.Replace('_', '+'), VersionStyles, out var parsed) ? parsed : null;

    /// <summary>Whether <paramref name="version"/> satisfies this constraint (never for a digest).</summary>
    public bool Matches(string version) => ParseVersion(version) is { } parsed && Contains(parsed);

    /// <summary>The highest version of <paramref name="versions"/> that matches, by semver precedence; versions that are no semver are skipped.</summary>
    public string? SelectHighest(IEnumerable<string> versions)
    {
        ArgumentNullException.ThrowIfNull(versions);
        string? best = null;
        SemVersion? bestVersion = null;
        foreach (var candidate in versions)
        {
            if (ParseVersion(candidate) is not { } parsed || !Contains(parsed))
            {
                continue;
            }

            if (bestVersion is null || parsed.ComparePrecedenceTo(bestVersion) > 0)
            {
                best = candidate;
                bestVersion = parsed;
            }
        }

        return best;
    }

    private bool Contains(SemVersion version) => _exact is not null ? _exact.Equals(version) : _range is not null && _range.Contains(version);

    /// <summary>How people read the constraint in messages.</summary>
    public override string ToString() => Text.Length == 0 ? "the newest release" : Text;

    [GeneratedRegex("^sha256:[0-9a-f]{64}$")]
    private static partial Regex DigestPattern();
}
