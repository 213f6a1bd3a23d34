using System.Runtime.ExceptionServices;

namespace GitOpsAgent.Core.Tests.Manifests.Abuse;

/// <summary>
/// Runs code on a thread with a small stack: a reader that recursed once per nesting level of a 100,000-level
/// document would overflow it (and kill the test process, failing the run), so returning at all proves it does not.
/// </summary>
internal static class SmallStack
{
    public const int Bytes = 256 * 1024;

    public static T Run<T>(Func<T> work)
    {
        T? result = default;
        ExceptionDispatchInfo? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                result = work();
            }
            catch (Exception ex)
            {
                failure = ExceptionDispatchInfo.Capture(ex);
            }
        }, Bytes);
        thread.Start();
        thread.Join();
        failure?.Throw();
        return result!;
    }
}
