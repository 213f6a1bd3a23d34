using System.Text.Json.Nodes;

namespace GitOpsAgent.Core.Health.Kinds;

/// <summary>
/// cert-manager.io/Certificate: while a certificate is being issued, Ready is False (reason DoesNotExist, Expired...)
/// and Issuing is True; that is work under way, not a failure. Otherwise the generic rules apply.
/// </summary>
internal static class CertManagerCertificateHealth
{
    public static HealthResult Assess(JsonObject obj) =>
        ObjectCondition.Find(ObjectCondition.ReadStatusConditions(obj), "Issuing") is { IsTrue: true } issuing
            ? new(HealthStatus.Progressing, issuing.Describe("issuing certificate"))
            : GenericHealth.Assess(obj, KindFacts.Unknown);
}
