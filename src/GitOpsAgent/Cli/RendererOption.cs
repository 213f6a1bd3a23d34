using System.CommandLine;
using GitOpsAgent.Core.Applications;

namespace GitOpsAgent.Cli;

/// <summary>--renderer: the values spec.source.renderer takes, and nothing else (a typo is a usage error, not Auto).</summary>
internal static class RendererOption
{
    public static Option<string?> Create()
    {
        var option = new Option<string?>("--renderer") { Description = $"{string.Join(", ", ApplicationSpecValidator.Renderers)} (default Auto: detected from the directory)." };
        option.AcceptOnlyFromAmong([.. ApplicationSpecValidator.Renderers]);
        return option;
    }
}
