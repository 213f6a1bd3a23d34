using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using GitOpsAgent.TestApiServer.Admission;
using GitOpsAgent.TestApiServer.Authorization;
using GitOpsAgent.TestApiServer.Diagnostics;
using GitOpsAgent.TestApiServer.Discovery;
using GitOpsAgent.TestApiServer.FieldManagement;
using GitOpsAgent.TestApiServer.Http;
using GitOpsAgent.TestApiServer.Storage;
using GitOpsAgent.TestApiServer.Writes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace GitOpsAgent.TestApiServer;

/// <summary>
/// An in-process Kubernetes API server for tests, on 127.0.0.1 over plain HTTP: discovery, CRUD, watch, server-side
/// apply with managedFields, CRDs, fault injection and request counting. See README.md for what it simplifies.
/// </summary>
public sealed class TestApiServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly TestApiServerOptions _options;
    private readonly ApiHandler _handler;
    private int _disposed;

    private TestApiServer(WebApplication app, ApiHandler handler, TestApiServerOptions options, ObjectStore store, RequestCounter requests, FaultInjector faults, TokenUsers tokens, RbacAuthorizer authorizer, X509Certificate2? certificate)
    {
        Tokens = tokens;
        Authorizer = authorizer;
        _app = app;
        _handler = handler;
        Certificate = certificate;
        _options = options;
        Store = store;
        Requests = requests;
        Faults = faults;
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        BaseAddress = new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal));
    }

    /// <summary>The self-signed server certificate when <see cref="TestApiServerOptions.UseHttps"/> is set; trust it as a CA.</summary>
    public X509Certificate2? Certificate { get; }

    public Uri BaseAddress { get; }

    public RequestCounter Requests { get; }

    public FaultInjector Faults { get; }

    /// <summary>Simulates an outage: while true every connection drops and open watches end; the store survives.</summary>
    public bool Down
    {
        get => _handler.Down;
        set => _handler.Down = value;
    }

    public ObjectStore Store { get; }

    /// <summary>Bearer tokens of users other than the admin (the kubeconfig's token): see <see cref="WriteKubeconfig(string, string?)"/>.</summary>
    public TokenUsers Tokens { get; }

    /// <summary>The RBAC authorizer every request goes through, for direct checks.</summary>
    public RbacAuthorizer Authorizer { get; }

    public static async Task<TestApiServer> StartAsync(TestApiServerOptions? options = null, CancellationToken ct = default)
    {
        options ??= new TestApiServerOptions();
        var catalog = new ResourceCatalog();
        var store = new ObjectStore(catalog, new ListTypes(), options.WatchHistorySize, options.TimeProvider);
        foreach (var ns in new[] { "default", "kube-system", "kube-public" })
        {
            store.Put(new JsonObject
            {
                ["apiVersion"] = "v1",
                ["kind"] = "Namespace",
                ["metadata"] = new JsonObject { ["name"] = ns },
                ["status"] = new JsonObject { ["phase"] = "Active" },
            });
        }

        var requests = new RequestCounter();
        var faults = new FaultInjector();
        var logger = (options.LoggerFactory ?? Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance).CreateLogger<TestApiServer>();
        var tokens = new TokenUsers(options.Token);
        var authorizer = new RbacAuthorizer(store);
        var handler = new ApiHandler(store, new ObjectWriter(store, new Defaulter(), options.FakeControllers), requests, faults, tokens, authorizer, options, logger);

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<Microsoft.Extensions.Hosting.IHostLifetime, EmbeddedLifetime>();
        var certificate = options.UseHttps ? SelfSignedCertificate.Create(options.TimeProvider.GetUtcNow()) : null;
        builder.WebHost.ConfigureKestrel(k => k.Listen(System.Net.IPAddress.Loopback, options.Port, listen =>
        {
            if (certificate is not null)
            {
                listen.UseHttps(certificate);
            }
        }));
        var app = builder.Build();
        app.Run(handler.HandleAsync);
        await app.StartAsync(ct);
        return new TestApiServer(app, handler, options, store, requests, faults, tokens, authorizer, certificate);
    }

    /// <summary>
    /// Writes a kubeconfig (cluster = BaseAddress, context "test") for kubectl and our client, with the admin token or
    /// <paramref name="token"/> (registered in <see cref="Tokens"/>, so the kubeconfig acts as that user).
    /// </summary>
    public string WriteKubeconfig(string path, string? token = null)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        File.WriteAllText(path, KubeconfigText(token));
        return path;
    }

    /// <summary>The kubeconfig text <see cref="WriteKubeconfig(string, string?)"/> writes (a remote cluster's Secret holds it).</summary>
    public string KubeconfigText(string? token = null) => Kubeconfig.Render(BaseAddress, token ?? _options.Token, Certificate);

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        _handler.StopWatches();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await _app.StopAsync(timeout.Token);
        await _app.DisposeAsync();
        _handler.Dispose();
        Certificate?.Dispose();
    }
}
