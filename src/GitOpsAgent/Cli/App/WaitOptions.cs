using System.CommandLine;
using GitOpsAgent.Core.Applications;

namespace GitOpsAgent.Cli.App;

/// <summary>--wait, --for and --timeout, the same on every app verb that can wait for the controller.</summary>
internal sealed class WaitOptions
{
    private WaitOptions(bool waitFlag, bool forOption)
    {
        Wait = waitFlag ? new Option<bool>("--wait") { Description = "Wait until the controller served the request and the condition holds (exit 1 if not within --timeout, or stalled)." } : null;
        For = forOption
            ? new Option<string>("--for") { Description = $"The condition to wait for: {string.Join(", ", WaitCondition.Names)}.", DefaultValueFactory = _ => nameof(WaitTarget.Ready) }.AcceptOnlyFromAmong([.. WaitCondition.Names])
            : null;
        Timeout.Validators.Add(result =>
        {
            if (!GoDuration.TryParse(result.GetValueOrDefault<string>(), out var d) || d <= TimeSpan.Zero)
            {
                result.AddError($"--timeout: \"{result.GetValueOrDefault<string>()}\" is not a duration such as 30s, 5m or 1h");
            }
        });
    }

    public Option<bool>? Wait { get; }

    public Option<string>? For { get; }

    public Option<string> Timeout { get; } = new("--timeout") { Description = "How long to wait: 30s, 5m, 1h.", DefaultValueFactory = _ => "5m" };

    public static WaitOptions AddTo(Command command, bool waitFlag, bool forOption)
    {
        ArgumentNullException.ThrowIfNull(command);
        var options = new WaitOptions(waitFlag, forOption);
        if (options.Wait is not null)
        {
            command.Options.Add(options.Wait);
        }

        if (options.For is not null)
        {
            command.Options.Add(options.For);
        }

        command.Options.Add(options.Timeout);
        return options;
    }

    public bool ShouldWait(ParseResult result) => Wait is null || result.GetValue(Wait);

    public WaitTarget Target(ParseResult result) => For is null ? WaitTarget.Ready : Enum.Parse<WaitTarget>(result.GetValue(For)!);

    public TimeSpan TimeoutOf(ParseResult result) => GoDuration.Parse(result.GetValue(Timeout), TimeSpan.FromMinutes(5));
}
