using GitOpsAgent.Benchmarks.Scale.Infrastructure;
using GitOpsAgent.Benchmarks.Scale.Scenarios;

// Scale and latency measurements of the whole controller; one scenario per run, see docs/benchmarks/scale.md.
//   dotnet run -c Release --project tests/GitOpsAgent.Benchmarks.Scale -- <scenario> [--option value ...] [--out FILE]
var scenarios = new Dictionary<string, Func<ScenarioArgs, Task<ScenarioReport>>>(StringComparer.Ordinal)
{
    ["git-poll"] = GitPollScenario.RunAsync,
    ["fleet"] = FleetScenario.RunAsync,
    ["latency"] = LatencyScenario.RunAsync,
    ["sync-requests"] = SyncRequestsScenario.RunAsync,
    ["chart-poll"] = ChartPollScenario.RunAsync,
    ["monorepo"] = MonorepoScenario.RunAsync,
    ["remote-clusters"] = RemoteClustersScenario.RunAsync,
};

if (args.Length == 0 || !scenarios.TryGetValue(args[0], out var run))
{
    Console.Error.WriteLine($"usage: <scenario> [--option value ...] [--out FILE]; scenarios: {string.Join(", ", scenarios.Keys)}");
    return 2;
}

var options = new ScenarioArgs(args[1..]);
var report = await run(options);
report.Write(options.String("out"));
return 0;
