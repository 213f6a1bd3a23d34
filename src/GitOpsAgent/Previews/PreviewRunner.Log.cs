using Microsoft.Extensions.Logging;

namespace GitOpsAgent.Previews;

public sealed partial class PreviewRunner
{
    private static partial class Log
    {
        [LoggerMessage(EventId = 9001, Level = LogLevel.Information, Message = "Preview of {Repository} {Base}..{Head}: {Count} Application(s), {Changed} changed")]
        public static partial void Computed(ILogger logger, string repository, string @base, string head, int count, int changed);

        [LoggerMessage(EventId = 9002, Level = LogLevel.Warning, Message = "Preview of Application {Namespace}/{Name} failed: {Error}")]
        public static partial void ApplicationFailed(ILogger logger, string @namespace, string name, string error);
    }
}
