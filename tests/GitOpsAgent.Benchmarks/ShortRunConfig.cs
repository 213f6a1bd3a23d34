using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace GitOpsAgent.Benchmarks;

/// <summary>
/// One short in-process job: a full run takes minutes on two shared cores. In-process because the default toolchain
/// would generate and build a project under this repository's build rules (warnings as errors, central packages).
/// </summary>
public class ShortRunConfig : ManualConfig
{
    public ShortRunConfig()
    {
        AddJob(Job.Default
            .WithToolchain(InProcessEmitToolchain.Instance)
            .WithLaunchCount(1)
            .WithWarmupCount(3)
            .WithIterationCount(10)
            .WithId("ShortInProcess"));
    }
}
