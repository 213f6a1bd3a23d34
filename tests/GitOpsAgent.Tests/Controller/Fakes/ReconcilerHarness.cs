using System.Text.Json.Nodes;
using GitOpsAgent.Controller;
using GitOpsAgent.Controller.Cache;
using GitOpsAgent.Controller.Destinations;
using GitOpsAgent.Controller.Reconcile;
using GitOpsAgent.Core.Applications;
using GitOpsAgent.Core.Manifests;
using GitOpsAgent.Core.Manifests.Rendering;
using GitOpsAgent.Core.Status;
using GitOpsAgent.Git;
using GitOpsAgent.Rendering;
using GitOpsAgent.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace GitOpsAgent.Tests.Controller.Fakes;

/// <summary>
/// The real Reconciler on hand-written fakes: the Kubernetes API, a Git cache that serves commits from a table, a
/// renderer that returns prepared manifests (or throws) per commit, and a fake clock. One Application, "shop/web".
/// </summary>
internal sealed class ReconcilerHarness : IAsyncDisposable
{
    public const string RepoUrl = "https://git.example.test/shop/config.git";
    private readonly ServiceProvider _services;
    private readonly ClusterCache _cache;
    private readonly DirectoryInfo _checkouts = Directory.CreateTempSubdirectory("gitopsagent-harness-");

    public ReconcilerHarness()
    {
        _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        Metrics = new GitOpsAgentMetrics(_services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>());
        Errors = new MetricCollector<long>(_services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>(), GitOpsAgentMetrics.MeterName, "gitopsagent.reconcile.errors");
        Git = new FakeGitRepositoryCache(_checkouts.FullName);
        _cache = new ClusterCache(Kube, NullLoggerFactory.Instance, Time);
        Options = new ControllerOptions { FieldManager = "gitops-agent", ControllerNamespace = ControllerNamespace };
        var options = Options;
        Reconciler = new Reconciler(
            Kube,
            Git,
            Renderer,
            _cache,
            Metrics,
            new EventRecorder(Kube, Time, NullLogger<EventRecorder>.Instance),
            new CustomResourceSchemas(Kube, Time),
            options,
            Time,
            NullLogger<Reconciler>.Instance,
            Kube,
            Policies,
            jitter: () => 0.5,
            remotes: ConnectRemote);
    }

    /// <summary>The cluster of every remote destination (whatever the kubeconfig says): one fake API behind all of them.</summary>
    public FakeKubernetesApi Remote { get; } = new();

    /// <summary>The kubeconfig texts remote destinations were built from, in order (one per connection made).</summary>
    public List<string> RemoteConnections { get; } = [];

    /// <summary>How many remote destinations were disposed.</summary>
    public int RemoteDisposals { get; private set; }

    private Destination ConnectRemote(string kubeconfig, string source)
    {
        RemoteConnections.Add(kubeconfig);
        return new Destination($"cluster https://remote.test ({source})", Remote, Remote, new ClusterCache(Remote, NullLoggerFactory.Instance, Time),
            new CustomResourceSchemas(Remote, Time), new Disposal(() => RemoteDisposals++));
    }

    private sealed class Disposal(Action dispose) : IDisposable
    {
        public void Dispose() => dispose();
    }

    /// <summary>The controller's namespace: shop/web is an Application of another namespace (a tenant's).</summary>
    public const string ControllerNamespace = "gitops-agent";

    public FakeKubernetesApi Kube { get; } = new();

    public FakePolicySource Policies { get; } = new();

    /// <summary>The controller's options (the reconciler reads them on every reconcile).</summary>
    public ControllerOptions Options { get; }

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

    public FakeGitRepositoryCache Git { get; }

    public FakeRenderer Renderer { get; } = new();

    public GitOpsAgentMetrics Metrics { get; }

    public MetricCollector<long> Errors { get; }

    public Reconciler Reconciler { get; }

    public static AppKey Key { get; } = new("shop", "web");

    /// <summary>Creates (or replaces the spec of) the Application shop/web following <paramref name="branch"/>.</summary>
    public void CreateApplication(string branch = "main", Action<JsonObject>? edit = null)
    {
        var app = new JsonObject
        {
            ["apiVersion"] = Core.Applications.Application.ApiVersionValue,
            ["kind"] = Core.Applications.Application.KindValue,
            ["metadata"] = new JsonObject { ["name"] = Key.Name, ["namespace"] = Key.Namespace, ["generation"] = 1 },
            ["spec"] = new JsonObject
            {
                ["source"] = new JsonObject { ["repoURL"] = RepoUrl, ["targetRevision"] = branch, ["path"] = "app" },
                ["destination"] = new JsonObject { ["namespace"] = "shop" },
                ["syncPolicy"] = new JsonObject { ["automated"] = new JsonObject { ["prune"] = true, ["selfHeal"] = true } },
            },
        };
        edit?.Invoke(app);
        if (Application() is { } existing)
        {
            app["status"] = existing["status"]?.DeepClone();
        }

        Kube.Put(app);
    }

    /// <summary>Waits (bounded) until the controller's watch cache has seen <paramref name="written"/>, as it would a moment after a real write.</summary>
    public async Task SettleAsync(JsonObject written)
    {
        var version = written.GetStringAt("metadata", "resourceVersion");
        for (var i = 0; i < 500 && _cache.Get(written.GetApiVersion(), written.GetKind(), written.GetNamespace(), written.GetName())?.GetStringAt("metadata", "resourceVersion") != version; i++)
        {
            await Task.Delay(10);
        }
    }

    public JsonObject? Application() => Kube.Find(Core.Applications.Application.ApiVersionValue, Core.Applications.Application.KindValue, Key.Namespace, Key.Name);

    public ApplicationStatus Status() => ApplicationSerializer.FromJson(Application()!).Status ?? new ApplicationStatus();

    public Condition? Condition(string type) => Conditions.Find(Status().Conditions, type);

    public Task<ReconcileResult> ReconcileAsync(ReconcileTriggers triggers = ReconcileTriggers.Poll) =>
        Reconciler.ReconcileAsync(Key, Application()!, triggers, CancellationToken.None);

    /// <summary>The Events recorded on the Application, oldest first, as (type, reason).</summary>
    public List<(string Type, string Reason, string Message)> Events() =>
        Kube.All("v1", "Event")
            .OrderBy(e => long.Parse(e.GetStringAt("metadata", "resourceVersion")!, System.Globalization.CultureInfo.InvariantCulture))
            .Select(e => (e.GetStringAt("type")!, e.GetStringAt("reason")!, e.GetStringAt("message")!))
            .ToList();

    public static JsonObject ConfigMap(string name, string value) => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "ConfigMap",
        ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = "shop" },
        ["data"] = new JsonObject { ["value"] = value },
    };

    public async ValueTask DisposeAsync()
    {
        await Reconciler.DisposeAsync();
        await _cache.DisposeAsync();
        Metrics.Dispose();
        Errors.Dispose();
        await _services.DisposeAsync();
        _checkouts.Delete(recursive: true);
    }
}

/// <summary>Branches point at commits (set by the test); checkouts are folders holding the Application's path with one file.</summary>
internal sealed class FakeGitRepositoryCache(string root) : IGitRepositoryCache
{
    private readonly Dictionary<string, string> _branches = new(StringComparer.Ordinal);

    /// <summary>When set, every resolve throws it (a Git server that is down, a branch that is gone).</summary>
    public Exception? Failure { get; set; }

    /// <summary>How many times the remote was asked (ls-remote).</summary>
    public int Resolves { get; private set; }

    public void Point(string branch, string sha) => _branches[branch] = sha;

    public Task<ResolvedRevision> ResolveAsync(string repoUrl, string revision, GitCredentials? credentials, CancellationToken ct)
    {
        Resolves++;
        if (Failure is not null)
        {
            throw Failure;
        }

        return _branches.TryGetValue(revision, out var sha)
            ? Task.FromResult(new ResolvedRevision(repoUrl, revision, sha))
            : throw new GitSourceException(GitFailureReason.RevisionNotFound, $"Revision '{revision}' not found in {repoUrl}: no branch, tag or commit has that name.");
    }

    /// <summary>The folders every checkout holds.</summary>
    public List<string> Folders { get; } = ["app"];

    public Task<GitCheckout> CheckoutAsync(string repoUrl, string commitSha, GitCredentials? credentials, CancellationToken ct)
    {
        var directory = Path.Combine(root, commitSha);
        foreach (var folder in Folders)
        {
            Directory.CreateDirectory(Path.Combine(directory, folder));
            File.WriteAllText(Path.Combine(directory, folder, "cm.yaml"), $"# at {commitSha}\n");
        }

        return Task.FromResult(new GitCheckout(repoUrl, commitSha, directory));
    }

    /// <summary>What `git diff --name-only from to` answers; a pair not set is one git cannot tell about (null).</summary>
    public Dictionary<(string From, string To), string[]> ChangedPaths { get; } = [];

    public Task<IReadOnlyList<string>?> ChangedPathsAsync(string repoUrl, string fromSha, string toSha, CancellationToken ct) =>
        Task.FromResult<IReadOnlyList<string>?>(ChangedPaths.GetValueOrDefault((fromSha, toSha)));

    public Task<CommitInfo?> ReadCommitAsync(GitCheckout checkout, CancellationToken ct) =>
        Task.FromResult<CommitInfo?>(new CommitInfo($"commit {checkout.CommitSha[..7]}", "Dev One"));

    public void Invalidate(string repoUrl)
    {
    }
}

/// <summary>Per commit: the manifests a render returns, or the exception it throws.</summary>
internal sealed class FakeRenderer : IManifestRenderer
{
    private readonly Dictionary<string, Func<IReadOnlyList<Manifest>>> _commits = new(StringComparer.Ordinal);

    public void At(string sha, params JsonObject[] objects) =>
        _commits[sha] = () => objects.Select((o, i) => new Manifest((JsonObject)o.DeepClone(), new ManifestSource($"app/{i}.yaml", 1))).ToList();

    public void FailAt(string sha, Exception exception) => _commits[sha] = () => throw exception;

    /// <summary>The commits rendered, in order.</summary>
    public List<string> Rendered { get; } = [];

    /// <summary>What the last render was asked for (its path, its substitution variables).</summary>
    public RenderRequest? LastRequest { get; private set; }

    public Task<RenderResult> RenderAsync(RenderRequest request, IResourceScope scope, CancellationToken ct)
    {
        LastRequest = request;
        var key = request.CacheKey!;
        Rendered.Add(key[(key.LastIndexOf('@') + 1)..]);
        var sha = key[(key.LastIndexOf('@') + 1)..];
        return Task.FromResult(new RenderResult(_commits[sha](), "plain", FromCache: false));
    }
}

/// <summary>The AppPolicies a test puts in place (none by default); Unknown makes them not listed yet.</summary>
internal sealed class FakePolicySource : GitOpsAgent.Controller.Policy.IAppPolicySource
{
    public List<GitOpsAgent.Core.Policy.NamedPolicy> Policies { get; } = [];

    public bool Unknown { get; set; }

    public Task<IReadOnlyList<GitOpsAgent.Core.Policy.NamedPolicy>?> GetAsync(CancellationToken ct) =>
        Task.FromResult<IReadOnlyList<GitOpsAgent.Core.Policy.NamedPolicy>?>(Unknown ? null : Policies.ToList());
}
