using GitOpsAgent.Controller;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace GitOpsAgent.Tests.Telemetry;

/// <summary>gitopsagent_leader without leader election: the only replica leads, and says so (the NotLeading alert needs the series).</summary>
public sealed class LeaderGaugeTests
{
    [Fact]
    public async Task Controller_WithoutLeaderElection_ExportsLeaderOneForItsShard()
    {
        await using var server = await TestApiServer.TestApiServer.StartAsync();
        using var dir = new TestSupport.TempDirectory();
        var options = new ControllerOptions
        {
            Kubeconfig = server.WriteKubeconfig(Path.Combine(dir.Path, "kubeconfig")),
            HttpAddress = "127.0.0.1:0",
            LeaderElect = false,
            LogFormat = "text",
            CacheDir = Path.Combine(dir.Path, "cache"),
            ShutdownTimeout = TimeSpan.FromSeconds(5),
        };
        await using var app = ControllerHost.Build(options);
        await app.StartAsync(TestContext.Current.CancellationToken);
        try
        {
            var address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
            var deadline = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(30);
            string? leader = null;
            while (leader is null && DateTimeOffset.UtcNow < deadline)
            {
                var text = await http.GetStringAsync(new Uri(address, "/metrics"), TestContext.Current.CancellationToken);
                leader = Exposition.Parse(text).SamplesOf("gitopsagent_leader").FirstOrDefault(s => s.Labels["shard"] == "0")?.Value;
                if (leader is null)
                {
                    await Task.Delay(200, TestContext.Current.CancellationToken);
                }
            }

            Assert.Equal("1", leader);
        }
        finally
        {
            await app.StopAsync(CancellationToken.None);
        }
    }
}
