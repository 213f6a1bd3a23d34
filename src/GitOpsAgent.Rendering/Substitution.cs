using GitOpsAgent.Core.Variables;

namespace GitOpsAgent.Rendering;

/// <summary>spec.substitute over a rendered text, before it is parsed; an unexpandable ${name} is a SubstitutionFailed render.</summary>
internal static class Substitution
{
    public static string Apply(string text, VariableSet? variables, string file)
    {
        if (variables is null)
        {
            return text;
        }

        try
        {
            return VariableExpander.Expand(text, variables, file);
        }
        catch (VariableException ex)
        {
            throw new RenderException(RenderFailureReason.SubstitutionFailed, ex.Message, ex);
        }
    }
}
