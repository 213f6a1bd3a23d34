using Microsoft.Extensions.Logging;

namespace GitOpsAgent.Rendering;

public sealed partial class ManifestRenderer
{
    [LoggerMessage(EventId = 8001, Level = LogLevel.Debug, Message = "Rendered {Path} with {Renderer}: {Count} objects (from cache: {FromCache}) in {ElapsedMs:0.#} ms")]
    private static partial void LogRendered(ILogger logger, string renderer, string path, int count, bool fromCache, double elapsedMs);
}
