using System.Globalization;
using GitOpsAgent.TestApiServer;

// Runs the test API server on its own: dotnet run --project tests/GitOpsAgent.TestApiServer -- --port 6443 --kubeconfig-out FILE
var port = 0;
string? kubeconfig = null;
for (var i = 0; i < args.Length - 1; i++)
{
    if (args[i] == "--port")
    {
        port = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
    }
    else if (args[i] == "--kubeconfig-out")
    {
        kubeconfig = args[i + 1];
    }
}

await using var server = await TestApiServer.StartAsync(new TestApiServerOptions { Port = port });
Console.WriteLine($"test api server listening on {server.BaseAddress}");
if (kubeconfig is not null)
{
    Console.WriteLine($"kubeconfig written to {server.WriteKubeconfig(kubeconfig)}");
}

using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};
AppDomain.CurrentDomain.ProcessExit += (_, _) => stop.Cancel();
try
{
    await Task.Delay(Timeout.Infinite, stop.Token);
}
catch (OperationCanceledException)
{
    Console.WriteLine("stopping");
}
