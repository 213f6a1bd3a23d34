using System.Text.Json.Nodes;
using GitOpsAgent.Core.Applications;
using GitOpsAgent.Core.Manifests;

namespace GitOpsAgent.Core.Tests.Applications;

public class ApplicationSerializerTests
{
    [Fact]
    public void FromJson_ToJson_RoundTripsAFullApplicationExactly()
    {
        var yaml = """
            apiVersion: gitopsagent.io/v1alpha1
            kind: Application
            metadata:
              name: guestbook
              namespace: default
              labels: {team: a}
              annotations: {gitopsagent.io/sync: "true"}
              finalizers: [gitopsagent.io/resources]
              resourceVersion: "42"
              generation: 3
              managedFields: [{manager: kubectl, operation: Apply}]
            spec:
              source:
                repoURL: https://example.com/config.git
                targetRevision: main
                path: apps/guestbook
                credentialsSecretRef: {name: git-creds}
                renderer: Helm
                helm:
                  releaseName: gb
                  valuesFiles: [values-prod.yaml]
                  values: "replicas: 2\n"
                  parameters: [{name: image.tag, value: "1.2", forceString: true}]
              destination: {namespace: guestbook, kubeConfig: {secretRef: {name: east, key: config}}}
              syncPolicy:
                automated: {prune: true, selfHeal: true, allowEmpty: false}
                interval: 5m
                createNamespace: true
                force: true
                retry: {limit: 5, backoff: {duration: 5s, factor: 2.5, maxDuration: 3m}}
              ignoreDifferences:
                - {group: apps, kind: Deployment, jsonPointers: [/spec/replicas], managedFieldsManagers: [hpa]}
              suspend: false
              deletionPolicy: Delete
            status:
              observedGeneration: 3
              sync: {status: Synced, revision: 0123456789abcdef0123456789abcdef01234567}
              health: {status: Healthy}
              conditions:
                - {type: Ready, status: "True", reason: Succeeded, message: ok, lastTransitionTime: "2026-01-01T00:00:00Z", observedGeneration: 3}
              resources:
                - {group: apps, version: v1, kind: Deployment, namespace: guestbook, name: web, status: Synced, health: {status: Healthy}}
              history:
                - {id: 1, revision: 0123456789abcdef0123456789abcdef01234567, deployedAt: "2026-01-01T00:00:00Z", initiatedBy: auto}
              operationState:
                phase: Succeeded
                message: done
                revision: 0123456789abcdef0123456789abcdef01234567
                initiatedBy: auto
                startedAt: "2026-01-01T00:00:00Z"
                finishedAt: "2026-01-01T00:00:01Z"
                resources: [{group: "", version: v1, kind: ConfigMap, namespace: guestbook, name: cm, result: Created}]
            """;
        var original = (JsonObject)YamlDocumentReader.Read(yaml, "app.yaml")[0].Root!;

        var roundTripped = ApplicationSerializer.ToJson(ApplicationSerializer.FromJson(original));

        Assert.True(JsonNode.DeepEquals(original, roundTripped), roundTripped.ToJsonString());
    }
}
