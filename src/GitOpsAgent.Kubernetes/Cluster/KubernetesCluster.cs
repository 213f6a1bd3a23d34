using System.Net.Security;
using System.Threading.RateLimiting;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace GitOpsAgent.Kubernetes;

/// <summary>
/// One cluster: KubernetesClient's connection (configuration, authentication, TLS, transport) with our handlers in its
/// pipeline (retries outermost, then the rate limit, then the request observer), and the discovery cache. Every
/// <see cref="KubernetesApi"/> of it shares both; <see cref="WithHeaders"/> makes one that adds request headers
/// (impersonation), and a cluster per kubeconfig (<see cref="KubernetesConfigLoader.FromKubeconfigText"/>) is cheap.
/// </summary>
public sealed class KubernetesCluster : IKubernetesIdentities, IDisposable
{
    private readonly RetryHandler _retries;
    private readonly RateLimitingHandler _rateLimit;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<(string Namespace, string Name), KubernetesApi> _serviceAccounts = new();

    /// <param name="transport">Answers requests instead of the network (tests); it must not call its inner handler.</param>
    public KubernetesCluster(
        KubernetesClientConfiguration configuration,
        KubernetesClusterOptions? options = null,
        IKubernetesRequestObserver? observer = null,
        ILogger<KubernetesCluster>? logger = null,
        TimeProvider? timeProvider = null,
        DelegatingHandler? transport = null)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        options ??= new KubernetesClusterOptions();
        var time = timeProvider ?? TimeProvider.System;
        var log = (ILogger?)logger ?? NullLogger.Instance;
        _retries = new RetryHandler(options.MaxRetries, time, log);
        _rateLimit = new RateLimitingHandler(RateLimitingHandler.CreateLimiter(options.Qps, options.Burst));
        List<DelegatingHandler> handlers = [_retries, _rateLimit];
        if (observer is not null)
        {
            handlers.Add(new RequestObserverHandler(observer, time));
        }

        if (transport is not null)
        {
            handlers.Add(transport);
        }

        RequestTimeout = options.RequestTimeout;
        DefaultNamespace = string.IsNullOrEmpty(configuration.Namespace) ? "default" : configuration.Namespace;
        Server = new Uri(configuration.Host);
        SocketsHttpHandler? network = null;
        var setup = configuration.FirstMessageHandlerSetup;
        configuration.FirstMessageHandlerSetup = handler =>
        {
            setup?.Invoke(handler);
            network = handler;
        };
        try
        {
            Client = new k8s.Kubernetes(configuration, [.. handlers]) { HttpClientTimeout = options.RequestTimeout };
        }
        catch (Exception ex) when (LibraryErrors.Translate(ex, $"cluster {Server}", RequestTimeout, CancellationToken.None) is { } translated)
        {
            throw translated;
        }
        finally
        {
            configuration.FirstMessageHandlerSetup = setup;
        }

        if (!configuration.SkipTlsVerify && network?.SslOptions.RemoteCertificateValidationCallback is { } libraryCheck)
        {
            // KubernetesClient 21.0.8 accepts any certificate chaining to the kubeconfig's CA whatever host it names
            // (its callback ignores RemoteCertificateNameMismatch once chain errors are reported): require the name too.
            network.SslOptions.RemoteCertificateValidationCallback = (sender, certificate, chain, errors) =>
                (errors & SslPolicyErrors.RemoteCertificateNameMismatch) == 0 && libraryCheck(sender, certificate, chain, errors);
        }

        Discovery = new DiscoveryCache(ReadGroupVersionsAsync, ReadGroupVersionAsync, log);
        Api = new KubernetesApi(this, null);
    }

    /// <summary>The API with this process's own identity.</summary>
    public KubernetesApi Api { get; }

    public Uri Server { get; }

    /// <summary>Where namespaced objects without a namespace go (the context's or service account's namespace).</summary>
    public string DefaultNamespace { get; }

    internal TimeSpan RequestTimeout { get; }

    internal k8s.Kubernetes Client { get; }

    internal DiscoveryCache Discovery { get; }

    internal RateLimiter RateLimiter => _rateLimit.Limiter;

    /// <summary>How retries wait (tests replace it to see the delays).</summary>
    internal Func<TimeSpan, CancellationToken, Task> RetryDelay
    {
        get => _retries.Delay;
        set => _retries.Delay = value;
    }

    /// <summary>
    /// An API sending <paramref name="headers"/> with every request (Impersonate-User, Impersonate-Group, ...), over
    /// this cluster's connection, rate limit and discovery.
    /// </summary>
    /// <remarks>
    /// One value per header: HttpClient sends the values of one header as one comma-joined line (HTTP/1.1 and HTTP/2
    /// alike), which the API server reads as one value, so "Impersonate-Group: a, b" would be a single group named
    /// "a, b". A ServiceAccount needs no group headers at all (<see cref="AsServiceAccount"/>).
    /// </remarks>
    /// <exception cref="ArgumentException">A header has no value or several.</exception>
    public KubernetesApi WithHeaders(IReadOnlyDictionary<string, IReadOnlyList<string>> headers)
    {
        ArgumentNullException.ThrowIfNull(headers);
        foreach (var (name, values) in headers)
        {
            if (values.Count != 1)
            {
                throw new ArgumentException(
                    $"header {name} has {values.Count} values; HttpClient would send them as one comma-joined line, which the API server reads as a single value: give one value per header", nameof(headers));
            }
        }

        return new KubernetesApi(this, headers);
    }

    /// <summary>The API acting as a ServiceAccount (Impersonate-User only: the server adds its groups); one instance per ServiceAccount.</summary>
    public KubernetesApi AsServiceAccount(string @namespace, string name) =>
        _serviceAccounts.GetOrAdd((@namespace, name), key => WithHeaders(Impersonation.AsServiceAccount(key.Namespace, key.Name)));

    IKubernetesApi IKubernetesIdentities.AsServiceAccount(string @namespace, string name) => AsServiceAccount(@namespace, name);

    public void Dispose()
    {
        Client.Dispose();
        Discovery.Dispose();
    }

    private async Task<IReadOnlyList<string>> ReadGroupVersionsAsync(CancellationToken ct)
    {
        var core = await DiscoveryCallAsync("/api", token => Client.Core.GetAPIVersionsWithHttpMessagesAsync(cancellationToken: token), ct);
        var groups = await DiscoveryCallAsync("/apis", token => Client.Apis.GetAPIVersionsWithHttpMessagesAsync(cancellationToken: token), ct);
        return [.. core.Versions ?? [], .. (groups.Groups ?? []).SelectMany(g => g.Versions ?? []).Select(v => v.GroupVersion).Where(v => !string.IsNullOrEmpty(v))];
    }

    private Task<V1APIResourceList> ReadGroupVersionAsync(string groupVersion, CancellationToken ct)
    {
        var (group, version) = Core.Manifests.KubeObjectExtensions.SplitApiVersion(groupVersion);
        return DiscoveryCallAsync(group.Length == 0 ? $"/api/{version}" : $"/apis/{groupVersion}",
            token => Client.CustomObjects.GetAPIResourcesWithHttpMessagesAsync(group, version, cancellationToken: token), ct);
    }

    private async Task<T> DiscoveryCallAsync<T>(string path, Func<CancellationToken, Task<k8s.Autorest.HttpOperationResponse<T>>> call, CancellationToken ct)
    {
        try
        {
            using var response = await call(ct);
            return response.Body;
        }
        catch (Exception ex) when (LibraryErrors.Translate(ex, "discovery " + path, RequestTimeout, ct) is { } translated)
        {
            throw translated;
        }
    }
}
