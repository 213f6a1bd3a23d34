using System.Reflection;

namespace GitOpsAgent;

/// <summary>This build's version: what `gitops-agent version` prints and what a running controller labels its pod with.</summary>
public static class AgentVersion
{
    public static string Current { get; } =
        typeof(AgentVersion).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";
}
