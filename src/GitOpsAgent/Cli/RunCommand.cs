using System.CommandLine;
using System.Globalization;
using GitOpsAgent.Controller;
using GitOpsAgent.Core.Applications;

namespace GitOpsAgent.Cli;

/// <summary>
/// `gitops-agent run`: the controller. Each option comes from its flag, else the environment variable
/// GITOPSAGENT_&lt;FLAG_IN_UPPER_SNAKE&gt;, else appsettings.json's "GitOpsAgent" section, else its default.
/// </summary>
public static class RunCommand
{
    public static Command Create()
    {
        var options = new List<(Option Option, Action<ControllerOptions, string> Set)>();
        Option<string?> Add(string flag, string description, Action<ControllerOptions, string> set)
        {
            var option = new Option<string?>(flag) { Description = $"{description} [env {EnvName(flag)}]" };
            options.Add((option, set));
            return option;
        }

        Add("--kubeconfig", "Kubeconfig file (else in-cluster, else KUBECONFIG, else ~/.kube/config).", (o, v) => o.Kubeconfig = v);
        Add("--context", "Kubeconfig context.", (o, v) => o.Context = v);
        Add("--http-address", "HOST:PORT for /metrics, /healthz, /readyz and /api/webhook (default 0.0.0.0:8080).", (o, v) => o.HttpAddress = v);
        Add("--probe-address", "Separate HOST:PORT for /healthz, /readyz and /metrics.", (o, v) => o.ProbeAddress = v);
        Add("--interval", "Default poll interval, e.g. 3m.", (o, v) => o.Interval = ParseDuration("--interval", v));
        Add("--workers", "Parallel reconciles (default 8).", (o, v) => o.Workers = ParseInt("--workers", v, 1));
        Add("--shard", "This replica's shard, 0-based.", (o, v) => o.Shard = ParseInt("--shard", v, 0));
        Add("--shards", "Number of shards (default 1).", (o, v) => o.Shards = ParseInt("--shards", v, 1));
        Add("--leader-elect", "Elect a leader through a Lease (default true).", (o, v) => o.LeaderElect = ParseBool("--leader-elect", v));
        Add("--lease-name", "Name of the Lease (default gitops-agent; -shard-N is appended with shards).", (o, v) => o.LeaseName = v);
        Add("--lease-namespace", "Namespace of the Lease (default: the pod's namespace).", (o, v) => o.LeaseNamespace = v);
        Add("--lease-duration", "Lease duration (default 15s).", (o, v) => o.LeaseDuration = ParseDuration("--lease-duration", v));
        Add("--renew-deadline", "Renew interval (default 10s).", (o, v) => o.RenewDeadline = ParseDuration("--renew-deadline", v));
        Add("--retry-period", "Retry interval of a standby (default 2s).", (o, v) => o.RetryPeriod = ParseDuration("--retry-period", v));
        Add("--identity", "Leader election identity (default POD_NAME or the host name).", (o, v) => o.Identity = v);
        Add("--log-format", "json, text or auto.", (o, v) => o.LogFormat = v);
        Add("--cache-dir", "Directory for the Git cache.", (o, v) => o.CacheDir = v);
        Add("--watch-namespace", "Comma-separated namespaces to watch for Applications (default all).", (o, v) => o.WatchNamespaces = [.. v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)]);
        Add("--health-overrides-configmap", "ConfigMap with health overrides (key overrides.yaml).", (o, v) => o.HealthOverridesConfigMap = v);
        Add("--field-manager", "Server-side apply field manager (default gitops-agent).", (o, v) => o.FieldManager = v);
        Add("--otlp-endpoint", "Also export metrics over OTLP to this endpoint.", (o, v) => o.OtlpEndpoint = v);
        Add("--kube-qps", "Kubernetes client requests per second (default 50).", (o, v) => o.KubeQps = double.Parse(v, CultureInfo.InvariantCulture));
        Add("--kube-burst", "Kubernetes client burst (default 100).", (o, v) => o.KubeBurst = ParseInt("--kube-burst", v, 1));
        Add("--webhook-github-secret", "GitHub webhook secret.", (o, v) => o.WebhookGitHubSecret = v);
        Add("--webhook-gitlab-secret", "GitLab webhook token.", (o, v) => o.WebhookGitLabSecret = v);
        Add("--webhook-gitea-secret", "Gitea webhook secret.", (o, v) => o.WebhookGiteaSecret = v);
        Add("--webhook-bitbucket-secret", "Bitbucket Cloud webhook secret.", (o, v) => o.WebhookBitbucketSecret = v);
        Add("--webhook-bitbucket-server-secret", "Bitbucket Server webhook secret.", (o, v) => o.WebhookBitbucketServerSecret = v);

        var command = new Command("run", "Run the controller (the default verb).");
        foreach (var (option, _) in options)
        {
            command.Options.Add(option);
        }

        command.SetAction(async (result, ct) =>
        {
            var controllerOptions = new ControllerOptions();
            var appSettings = AppSettings.Load();
            foreach (var (option, set) in options)
            {
                var value = result.GetValue((Option<string?>)option) ?? Environment.GetEnvironmentVariable(EnvName(option.Name)) ?? appSettings.GetValueOrDefault(SettingName(option.Name));
                if (!string.IsNullOrEmpty(value))
                {
                    set(controllerOptions, value);
                }
            }

            return await ControllerHost.RunAsync(controllerOptions, ct);
        });
        return command;
    }

    /// <summary>"--http-address" -> "GITOPSAGENT_HTTP_ADDRESS".</summary>
    public static string EnvName(string flag) => "GITOPSAGENT_" + flag.TrimStart('-').Replace('-', '_').ToUpperInvariant();

    /// <summary>"--http-address" -> "HttpAddress" (the key in appsettings.json's GitOpsAgent section).</summary>
    public static string SettingName(string flag) =>
        string.Concat(flag.TrimStart('-').Split('-').Select(part => char.ToUpperInvariant(part[0]) + part[1..]));

    private static TimeSpan ParseDuration(string flag, string value) =>
        GoDuration.TryParse(value, out var d) && d > TimeSpan.Zero ? d : throw new ArgumentException($"{flag}: \"{value}\" is not a duration such as 30s, 3m or 1h");

    private static int ParseInt(string flag, string value, int min) =>
        int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n >= min ? n : throw new ArgumentException($"{flag}: \"{value}\" must be a whole number >= {min}");

    private static bool ParseBool(string flag, string value) =>
        bool.TryParse(value, out var b) ? b : throw new ArgumentException($"{flag}: \"{value}\" must be true or false");
}
