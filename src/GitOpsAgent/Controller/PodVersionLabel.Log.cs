using Microsoft.Extensions.Logging;

namespace GitOpsAgent.Controller;

public sealed partial class PodVersionLabel
{
    private static partial class Log
    {
        [LoggerMessage(EventId = 4101, Level = LogLevel.Information, Message = "Labelled pod {Namespace}/{Pod} with gitopsagent.io/version={Version}")]
        public static partial void Labelled(ILogger logger, string @namespace, string pod, string version);

        [LoggerMessage(EventId = 4102, Level = LogLevel.Warning, Message = "Could not label pod {Namespace}/{Pod} with its version ({Error}); gitops-agent version --cluster will not list it")]
        public static partial void LabelFailed(ILogger logger, string @namespace, string pod, string error);
    }
}
