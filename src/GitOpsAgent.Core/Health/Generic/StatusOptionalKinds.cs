namespace GitOpsAgent.Core.Health.Generic;

/// <summary>
/// Kinds that have a status subresource but whose operator writes status only when a feature is switched on, so an
/// empty status is their normal, healthy state rather than "waiting for the operator". Istio writes config status
/// only with PILOT_ENABLE_STATUS; the Prometheus Operator writes configuration resources' status only with the
/// StatusForConfigurationResources feature gate.
/// </summary>
internal static class StatusOptionalKinds
{
    private static readonly HashSet<string> Groups = new(StringComparer.Ordinal)
    {
        "networking.istio.io", "security.istio.io", "telemetry.istio.io", "extensions.istio.io",
    };

    private static readonly HashSet<(string Group, string Kind)> Kinds =
    [
        ("monitoring.coreos.com", "ServiceMonitor"), ("monitoring.coreos.com", "PodMonitor"), ("monitoring.coreos.com", "Probe"),
        ("monitoring.coreos.com", "PrometheusRule"), ("monitoring.coreos.com", "ScrapeConfig"), ("monitoring.coreos.com", "AlertmanagerConfig"),
    ];

    public static bool Contains(string group, string kind) => Groups.Contains(group) || Kinds.Contains((group, kind));
}
