using Microsoft.Extensions.Hosting;

namespace GitOpsAgent.TestApiServer.Http;

/// <summary>
/// No console lifetime: a server inside a test process must not react to the process's Ctrl+C or SIGTERM; whoever
/// started it stops it (Program.cs handles the signals when the server runs on its own).
/// </summary>
internal sealed class EmbeddedLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
