using BenchmarkDotNet.Running;
using GitOpsAgent.Benchmarks;

// `--scenario render-cache` is a plain measurement, not a benchmark; everything else goes to BenchmarkDotNet.
if (args is ["--scenario", "render-cache", ..])
{
    return await RenderCacheScenario.RunAsync();
}

if (args is ["--scenario", ..])
{
    Console.Error.WriteLine("unknown scenario; the only one is: --scenario render-cache");
    return 2;
}

// typeof(Program) would be ambiguous: the host project also has a top-level Program.
BenchmarkSwitcher.FromAssembly(typeof(DiffBenchmarks).Assembly).Run(args);
return 0;
