using System.Globalization;
using System.Runtime.InteropServices;
using GitOpsAgent.TestApiServer;
using Microsoft.Extensions.Logging;

// Runs the test API server on its own: dotnet run --project tests/GitOpsAgent.TestApiServer -- --port 6443 --kubeconfig-out FILE [--https] [--verbose]
var port = 0;
string? kubeconfig = null;
var https = args.Contains("--https");
using var loggerFactory = LoggerFactory.Create(logging => logging
    .AddSimpleConsole(console => console.SingleLine = true)
    .SetMinimumLevel(args.Contains("--verbose") ? LogLevel.Debug : LogLevel.Information));
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

await using var server = await TestApiServer.StartAsync(new TestApiServerOptions { Port = port, UseHttps = https, LoggerFactory = loggerFactory });
Console.WriteLine($"test api server listening on {server.BaseAddress}");
if (kubeconfig is not null)
{
    Console.WriteLine($"kubeconfig written to {server.WriteKubeconfig(kubeconfig)}");
}

using var stop = new CancellationTokenSource();
void OnSignal(PosixSignalContext context)
{
    context.Cancel = true;
    stop.Cancel();
}

using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
try
{
    await Task.Delay(Timeout.Infinite, stop.Token);
}
catch (OperationCanceledException)
{
    Console.WriteLine("stopping");
}
