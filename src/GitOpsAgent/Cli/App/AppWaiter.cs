using GitOpsAgent.Core.Applications;

namespace GitOpsAgent.Cli.App;

/// <summary>
/// Polls an Application (once a second) until <see cref="WaitCondition"/> says the wait is over or the timeout
/// passes; each new state is reported on stderr. Exit code: 0 met, 1 stalled or timed out.
/// </summary>
internal static class AppWaiter
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);

    public static async Task<int> WaitAsync(ApplicationClient apps, string ns, string name, WaitTarget target, string? request, TimeSpan timeout, CliContext cli, CancellationToken ct)
    {
        var deadline = cli.Time.GetUtcNow() + timeout;
        string? last = null;
        while (true)
        {
            var (verdict, message) = WaitCondition.Evaluate(AppState.Of(await apps.GetAsync(ns, name, ct)), target, request);
            switch (verdict)
            {
                case WaitVerdict.Met:
                    await cli.Output.WriteLineAsync($"{ns}/{name}: {message}");
                    return ExitCodes.Success;
                case WaitVerdict.Stalled:
                    await cli.Errors.WriteLineAsync($"{ns}/{name}: {message}");
                    return ExitCodes.NotReady;
            }

            if (message != last)
            {
                await cli.Errors.WriteLineAsync($"{ns}/{name}: {message}");
                last = message;
            }

            if (cli.Time.GetUtcNow() >= deadline)
            {
                await cli.Errors.WriteLineAsync($"{ns}/{name}: timed out after {GoDuration.Format(timeout)}: {message}");
                return ExitCodes.NotReady;
            }

            await Task.Delay(PollInterval, cli.Time, ct);
        }
    }
}
