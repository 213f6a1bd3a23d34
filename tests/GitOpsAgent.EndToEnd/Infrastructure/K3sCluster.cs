using Testcontainers.K3s;

namespace GitOpsAgent.EndToEnd.Infrastructure;

/// <summary>
/// The real-cluster tier that starts itself: one k3s container (Testcontainers.K3s) per test process, shared by every
/// fixture (each test works in its own namespace). Testcontainers' reaper removes the container when the process ends.
/// </summary>
public static class K3sCluster
{
    /// <summary>A recent k3s, the Kubernetes minor of the kubectl the tests use (v1.32).</summary>
    public const string Image = "rancher/k3s:v1.32.4-k3s1";

    /// <summary>Set to "false" to skip k3s even where a Docker engine answers.</summary>
    public const string SwitchVariable = "GITOPSAGENT_E2E_K3S";

    private static readonly Lazy<Task<string>> Started = new(StartAsync);

    /// <summary>The kubeconfig of the shared k3s when a Docker engine answers (starting it on first use), else null.</summary>
    public static async Task<string?> KubeconfigIfDockerAsync()
    {
        if (Environment.GetEnvironmentVariable(SwitchVariable) == "false" || await DockerEngine.WhyUnavailableAsync() is not null)
        {
            return null;
        }

        return await Started.Value;
    }

    private static async Task<string> StartAsync()
    {
        var container = new K3sBuilder(Image).Build();
        await container.StartAsync();
        var path = Path.Combine(Directory.CreateTempSubdirectory("gitops-e2e-k3s-").FullName, "kubeconfig");
        await File.WriteAllTextAsync(path, await container.GetKubeconfigAsync());
        return path;
    }
}
