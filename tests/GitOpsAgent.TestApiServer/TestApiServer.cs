using System.Text.Json.Nodes;
using GitOpsAgent.TestApiServer.Admission;
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

    private TestApiServer(WebApplication app, TestApiServerOptions options, ObjectStore store, RequestCounter requests, FaultInjector faults)
    {
        _app = app;
        _options = options;
        Store = store;
        Requests = requests;
        Faults = faults;
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        BaseAddress = new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal));
    }

    public Uri BaseAddress { get; }

    public RequestCounter Requests { get; }

    public FaultInjector Faults { get; }

    public ObjectStore Store { get; }

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
        var handler = new ApiHandler(store, new ObjectWriter(store, new Defaulter(), options.FakeControllers), requests, faults, options);

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(System.Net.IPAddress.Loopback, options.Port));
        var app = builder.Build();
        app.Run(handler.HandleAsync);
        await app.StartAsync(ct);
        return new TestApiServer(app, options, store, requests, faults);
    }

    /// <summary>Writes a kubeconfig (cluster = BaseAddress, bearer token, context "test") for kubectl and our client.</summary>
    public string WriteKubeconfig(string path)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        File.WriteAllText(path, Kubeconfig.Render(BaseAddress, _options.Token));
        return path;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
    }
}

/// <summary>The kubeconfig text for a server.</summary>
internal static class Kubeconfig
{
    public static string Render(Uri server, string token) => $"""
        apiVersion: v1
        kind: Config
        clusters:
        - name: test
          cluster:
            server: {server.ToString().TrimEnd('/')}
        users:
        - name: test
          user:
            token: {token}
        contexts:
        - name: test
          context:
            cluster: test
            user: test
            namespace: default
        current-context: test
        """ + "\n";
}
