namespace GitOpsAgent.Rendering;

/// <summary>Told about every successful render, for metrics.</summary>
public interface IRenderObserver
{
    void OnRender(string renderer, TimeSpan duration, bool cacheHit);
}
