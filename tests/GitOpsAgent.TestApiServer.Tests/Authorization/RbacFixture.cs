using GitOpsAgent.Core.Manifests;

namespace GitOpsAgent.TestApiServer.Tests.Authorization;

/// <summary>
/// The RBAC objects the authorization tests share, stored directly: team-a's ServiceAccount deployer with a Role in
/// team-a (and a ClusterRole bound there by a RoleBinding), a user alice in group viewers bound to an aggregated
/// ClusterRole, and a controller ServiceAccount that may impersonate ServiceAccounts.
/// </summary>
internal static class RbacFixture
{
    public const string DeployerToken = "deployer-token";
    public const string AliceToken = "alice-token";
    public const string ControllerToken = "controller-token";
    public const string Deployer = "system:serviceaccount:team-a:deployer";
    public const string Controller = "system:serviceaccount:gitops:controller";

    private const string Objects = """
        apiVersion: v1
        kind: Namespace
        metadata: {name: team-a}
        ---
        apiVersion: v1
        kind: Namespace
        metadata: {name: team-b}
        ---
        apiVersion: v1
        kind: Namespace
        metadata: {name: gitops}
        ---
        apiVersion: v1
        kind: ServiceAccount
        metadata: {name: deployer, namespace: team-a}
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: Role
        metadata: {name: deployer, namespace: team-a}
        rules:
          - apiGroups: [""]
            resources: [configmaps]
            verbs: [get, list, watch, create, patch, delete]
          - apiGroups: [apps]
            resources: [deployments, deployments/status]
            verbs: ["*"]
          - apiGroups: [""]
            resources: [secrets]
            resourceNames: [app-creds]
            verbs: [get]
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: RoleBinding
        metadata: {name: deployer, namespace: team-a}
        subjects:
          - {kind: ServiceAccount, name: deployer}
        roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: deployer}
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRole
        metadata: {name: namespace-reader}
        rules:
          - apiGroups: [""]
            resources: [namespaces]
            verbs: [get]
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: RoleBinding
        metadata: {name: reads-its-namespace, namespace: team-a}
        subjects:
          - {kind: ServiceAccount, name: deployer, namespace: team-a}
        roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: namespace-reader}
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRole
        metadata:
          name: read-deployments
          labels: {rbac.example.com/aggregate-to-view: "true"}
        rules:
          - apiGroups: ["*"]
            resources: [deployments]
            verbs: [get, list]
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRole
        metadata: {name: view}
        aggregationRule:
          clusterRoleSelectors:
            - matchLabels: {rbac.example.com/aggregate-to-view: "true"}
        rules: []
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRoleBinding
        metadata: {name: viewers}
        subjects:
          - {kind: Group, apiGroup: rbac.authorization.k8s.io, name: viewers}
        roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: view}
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRole
        metadata: {name: impersonate-serviceaccounts}
        rules:
          - apiGroups: [""]
            resources: [serviceaccounts]
            verbs: [impersonate]
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRoleBinding
        metadata: {name: controller-impersonates}
        subjects:
          - {kind: User, apiGroup: rbac.authorization.k8s.io, name: "system:serviceaccount:gitops:controller"}
        roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: impersonate-serviceaccounts}
        """;

    public static void Install(TestApiServer server)
    {
        foreach (var manifest in ManifestReader.Read(Objects, "rbac-fixture.yaml"))
        {
            server.Store.Put(manifest.Object);
        }

        server.Tokens.AddServiceAccount(DeployerToken, "team-a", "deployer");
        server.Tokens.AddServiceAccount(ControllerToken, "gitops", "controller");
        server.Tokens.Add(AliceToken, "alice", "viewers");
    }
}
