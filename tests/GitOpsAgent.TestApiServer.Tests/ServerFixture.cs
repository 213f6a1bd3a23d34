namespace GitOpsAgent.TestApiServer.Tests;

/// <summary>A fresh server and client per test class instance (xunit creates one per test).</summary>
public abstract class ServerTestBase : IAsyncLifetime
{
    protected TestApiServer Server { get; private set; } = null!;

    protected ApiClient Api { get; private set; } = null!;

    protected virtual TestApiServerOptions Options => new();

    public async ValueTask InitializeAsync()
    {
        Server = await TestApiServer.StartAsync(Options, TestContext.Current.CancellationToken);
        Api = new ApiClient(Server.BaseAddress);
    }

    public async ValueTask DisposeAsync()
    {
        Api.Dispose();
        await Server.DisposeAsync();
        Cleanup();
        GC.SuppressFinalize(this);
    }

    /// <summary>Called after the server stopped, for a test class's own leftovers.</summary>
    protected virtual void Cleanup()
    {
    }
}
