using System.CommandLine;
using System.Globalization;
using GitOpsAgent.Controller;
using GitOpsAgent.Core.Applications;

namespace GitOpsAgent.Cli;

/// <summary>
/// `gitops-agent run`: the controller. Each option comes from its flag, else the environment variable
/// GITOPSAGENT_&lt;FLAG_IN_UPPER_SNAKE&gt;, else appsettings.json's "GitOpsAgent" section, else its default.
/// </summary>
public static partial class RunCommand
{
    /// <summary>Every option: its flag, its help text, and how a non-empty value sets it.</summary>
    private static readonly (string Flag, string Description, Action<ControllerOptions, string> Set)[] Settings =
    [
        ("--kubeconfig", "Kubeconfig file (else in-cluster, else KUBECONFIG, else ~/.kube/config).", (o, v) => o.Kubeconfig = v),
        ("--context", "Kubeconfig context.", (o, v) => o.Context = v),
        ("--http-address", "HOST:PORT for /metrics, /healthz, /readyz and /api/webhook (default 0.0.0.0:8080).", (o, v) => o.HttpAddress = v),
        ("--probe-address", "Separate HOST:PORT for /healthz, /readyz and /metrics.", (o, v) => o.ProbeAddress = v),
        ("--interval", "Default poll interval, e.g. 3m.", (o, v) => o.Interval = ParseDuration("--interval", v)),
        ("--workers", "Parallel reconciles (default 8).", (o, v) => o.Workers = ParseInt("--workers", v, 1)),
        ("--shard", "This replica's shard, 0-based.", (o, v) => o.Shard = ParseInt("--shard", v, 0)),
        ("--shards", "Number of shards (default 1).", (o, v) => o.Shards = ParseInt("--shards", v, 1)),
        ("--leader-elect", "Elect a leader through a Lease (default true).", (o, v) => o.LeaderElect = ParseBool("--leader-elect", v)),
        ("--lease-name", "Name of the Lease (default gitops-agent; -shard-N is appended with shards).", (o, v) => o.LeaseName = v),
        ("--lease-namespace", "Namespace of the Lease (default: the pod's namespace).", (o, v) => o.LeaseNamespace = v),
        ("--lease-duration", "Lease duration (default 15s).", (o, v) => o.LeaseDuration = ParseDuration("--lease-duration", v)),
        ("--renew-deadline", "Renew interval (default 10s).", (o, v) => o.RenewDeadline = ParseDuration("--renew-deadline", v)),
        ("--retry-period", "Retry interval of a standby (default 2s).", (o, v) => o.RetryPeriod = ParseDuration("--retry-period", v)),
        ("--identity", "Leader election identity (default POD_NAME or the host name).", (o, v) => o.Identity = v),
        ("--log-format", "json, text or auto (default: json in a pod or when stdout is not a terminal, else text).", (o, v) => o.LogFormat = ParseLogFormat(v)),
        ("--cache-dir", "Directory for the Git cache.", (o, v) => o.CacheDir = v),
        ("--allow-local-repositories", "A directory whose local repositories (file:// URLs and paths) Applications may use; repeat, or separate with commas (default: none).", (o, v) => o.AllowLocalRepositories = SplitList(v)),
        ("--watch-namespace", "Comma-separated namespaces to watch for Applications (default all).", (o, v) => o.WatchNamespaces = SplitList(v)),
        ("--health-overrides-configmap", "ConfigMap with health overrides (key overrides.yaml).", (o, v) => o.HealthOverridesConfigMap = v),
        ("--field-manager", "Server-side apply field manager (default gitops-agent).", (o, v) => o.FieldManager = v),
        ("--default-service-account", "ServiceAccount (in each Application's namespace) that Applications without spec.serviceAccountName act as (default: none, the controller's own identity).", (o, v) => o.DefaultServiceAccount = ParseServiceAccount(v)),
        ("--controller-namespace", "The controller's own namespace: its Applications may deploy anywhere unless an AppPolicy narrows them (default POD_NAMESPACE, else gitops-agent).", (o, v) => o.ControllerNamespace = v),
        ("--cluster-name", "The name of the cluster this controller runs in: ${cluster.name} in Applications, the cluster label of the app metrics, shown by version --cluster.", (o, v) => o.ClusterName = ParseClusterName(v)),
        ("--cluster-label", "A label of this cluster, key=value: ${cluster.labels.KEY} in Applications; repeat, or separate with commas.", (o, v) => o.ClusterLabels = ParseClusterLabels(v)),
        ("--otlp-endpoint", "Also export metrics over OTLP to this endpoint.", (o, v) => o.OtlpEndpoint = v),
        ("--kube-qps", "Kubernetes client requests per second (default 100).", (o, v) => o.KubeQps = ParseQps(v)),
        ("--kube-burst", "Kubernetes client burst (default 200).", (o, v) => o.KubeBurst = ParseInt("--kube-burst", v, 1)),
        ("--watch-sync-timeout", "How long a new watch may take to list its kind before the reconcile fails with ClusterUnavailable (default 30s).", (o, v) => o.WatchSyncTimeout = ParseDuration("--watch-sync-timeout", v)),
        ("--render-cache-size", "Rendered (repository, commit, path) entries kept in memory (default 1024).", (o, v) => o.RenderCacheSize = ParseInt("--render-cache-size", v, 1)),
        ("--webhook-github-secret", "GitHub webhook secret.", (o, v) => o.WebhookGitHubSecret = v),
        ("--webhook-gitlab-secret", "GitLab webhook token.", (o, v) => o.WebhookGitLabSecret = v),
        ("--webhook-gitea-secret", "Gitea webhook secret.", (o, v) => o.WebhookGiteaSecret = v),
        ("--webhook-bitbucket-secret", "Bitbucket Cloud webhook secret.", (o, v) => o.WebhookBitbucketSecret = v),
        ("--webhook-bitbucket-server-secret", "Bitbucket Server webhook secret.", (o, v) => o.WebhookBitbucketServerSecret = v),
        ("--preview-github-token", "Token that posts pull-request previews to GitHub (prefer the environment variable).", (o, v) => o.PreviewGitHubToken = v),
        ("--preview-github-url", "GitHub's web address for previews (default https://github.com).", (o, v) => o.PreviewGitHubUrl = v),
        ("--preview-gitlab-token", "Token that posts merge-request previews to GitLab (prefer the environment variable).", (o, v) => o.PreviewGitLabToken = v),
        ("--preview-gitlab-url", "GitLab's web address for previews (default https://gitlab.com).", (o, v) => o.PreviewGitLabUrl = v),
        ("--preview-gitea-token", "Token that posts pull-request previews to Gitea (prefer the environment variable).", (o, v) => o.PreviewGiteaToken = v),
        ("--preview-gitea-url", "Gitea's web address for previews.", (o, v) => o.PreviewGiteaUrl = v),
    ];

    /// <summary>Flags that may be given more than once; their values are joined with commas, as a variable or setting lists them.</summary>
    private static readonly HashSet<string> RepeatableFlags = new(StringComparer.Ordinal) { "--allow-local-repositories", "--cluster-label" };

    public static Command Create(TextWriter? errors = null)
    {
        var command = new Command("run", "Run the controller (the default verb).");
        foreach (var (flag, description, _) in Settings)
        {
            var text = $"{description} [env {EnvName(flag)}]";
            command.Options.Add(RepeatableFlags.Contains(flag) ? new Option<string[]>(flag) { Description = text } : new Option<string?>(flag) { Description = text });
        }

        command.SetAction(async (result, ct) =>
        {
            ControllerOptions controllerOptions;
            try
            {
                controllerOptions = Resolve(result, Environment.GetEnvironmentVariable, AppSettings.Load());
            }
            catch (Exception ex) when (ex is ArgumentException or FormatException or OverflowException || CliErrors.IsUserFacing(ex))
            {
                await (errors ?? Console.Error).WriteLineAsync($"error: {ex.Message}");
                return ExitCodes.Error;
            }

            return await ControllerHost.RunAsync(controllerOptions, ct);
        });
        return command;
    }

    /// <summary>
    /// The controller options of a parsed `run` command line: each from its flag, else <paramref name="env"/>
    /// (GITOPSAGENT_*), else <paramref name="settings"/> (appsettings.json's GitOpsAgent section), else its default.
    /// Throws <see cref="ArgumentException"/> naming the flag for a value it cannot use.
    /// </summary>
    public static ControllerOptions Resolve(ParseResult result, Func<string, string?> env, IReadOnlyDictionary<string, string> settings)
    {
        ArgumentNullException.ThrowIfNull(result);
        var options = new ControllerOptions();
        var declared = result.CommandResult.Command.Options.ToDictionary(o => o.Name, StringComparer.Ordinal);
        foreach (var (flag, _, set) in Settings)
        {
            var fromFlag = declared.GetValueOrDefault(flag) switch
            {
                Option<string?> single => result.GetValue(single),
                Option<string[]> repeated => result.GetValue(repeated) is { Length: > 0 } values ? string.Join(',', values) : null,
                _ => null,
            };
            var value = fromFlag ?? env(EnvName(flag)) ?? settings.GetValueOrDefault(SettingName(flag));
            if (!string.IsNullOrEmpty(value))
            {
                set(options, value);
            }
        }

        return options;
    }

    /// <summary>"--http-address" -> "GITOPSAGENT_HTTP_ADDRESS".</summary>
    public static string EnvName(string flag) => "GITOPSAGENT_" + flag.TrimStart('-').Replace('-', '_').ToUpperInvariant();

    /// <summary>"--http-address" -> "HttpAddress" (the key in appsettings.json's GitOpsAgent section).</summary>
    public static string SettingName(string flag) =>
        string.Concat(flag.TrimStart('-').Split('-').Select(part => char.ToUpperInvariant(part[0]) + part[1..]));

    private static List<string> SplitList(string value) => [.. value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];

    private static TimeSpan ParseDuration(string flag, string value) =>
        GoDuration.TryParse(value, out var d) && d > TimeSpan.Zero ? d : throw new ArgumentException($"{flag}: \"{value}\" is not a duration such as 30s, 3m or 1h");

    private static int ParseInt(string flag, string value, int min) =>
        int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n >= min ? n : throw new ArgumentException($"{flag}: \"{value}\" must be a whole number >= {min}");

    private static double ParseQps(string value) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var qps) && qps > 0 ? qps : throw new ArgumentException($"--kube-qps: \"{value}\" must be a number > 0");

    private static string ParseServiceAccount(string value) =>
        ApplicationSpecValidator.Validate(new ApplicationSpec { Source = new ApplicationSource { RepoURL = "x" }, ServiceAccountName = value }, "") is { Count: > 0 } problems
            ? throw new ArgumentException($"--default-service-account: \"{value}\" is not a ServiceAccount name (lowercase letters, digits, '-' and '.')")
            : value;
    /// <summary>Also `preview --cluster-name`: one rule for a cluster name.</summary>
    internal static string ParseClusterName(string value) =>
        ClusterLabelValue().IsMatch(value) ? value : throw new ArgumentException($"--cluster-name: \"{value}\" must be a label value (letters, digits, '-', '_' and '.', at most 63)");

    /// <summary>Also `preview --cluster-label`: one rule for cluster labels.</summary>
    internal static Dictionary<string, string> ParseClusterLabels(string value)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in SplitList(value))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            var key = equals < 0 ? pair : pair[..equals];
            var labelValue = equals < 0 ? "" : pair[(equals + 1)..];
            if (equals < 0 || !ClusterLabelKey().IsMatch(key) || !(labelValue.Length == 0 || ClusterLabelValue().IsMatch(labelValue)))
            {
                throw new ArgumentException($"--cluster-label: \"{pair}\" must be key=value with a label key and value (letters, digits, '-', '_' and '.'; the key may have a prefix/)");
            }

            labels[key] = labelValue;
        }

        return labels;
    }

    [System.Text.RegularExpressions.GeneratedRegex("^[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$")]
    private static partial System.Text.RegularExpressions.Regex ClusterLabelValue();

    [System.Text.RegularExpressions.GeneratedRegex("^([a-z0-9]([-a-z0-9.]*[a-z0-9])?/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$")]
    private static partial System.Text.RegularExpressions.Regex ClusterLabelKey();

    private static string ParseLogFormat(string value)
    {
        _ = Telemetry.LoggingSetup.UseJson(value, false, null);
        return value;
    }

    private static bool ParseBool(string flag, string value) =>
        bool.TryParse(value, out var b) ? b : throw new ArgumentException($"{flag}: \"{value}\" must be true or false");
}
