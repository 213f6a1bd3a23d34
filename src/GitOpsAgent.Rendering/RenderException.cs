namespace GitOpsAgent.Rendering;

/// <summary>A render that failed, with a reason constant and a message naming file, line and object where possible.</summary>
public sealed class RenderException : Exception
{
    public RenderException(RenderFailureReason reason, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Reason = reason;
    }

    public RenderFailureReason Reason { get; }
}
