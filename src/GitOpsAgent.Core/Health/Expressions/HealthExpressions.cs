using System.Text.Json.Nodes;
using Cel;
using GitOpsAgent.Core.Health.Generic;

namespace GitOpsAgent.Core.Health.Expressions;

/// <summary>
/// CEL expressions that judge one kind, the shape of Flux's healthCheckExprs (healthy is Flux's current,
/// progressing its inProgress, degraded its failed). Evaluated like Flux: status.observedGeneration behind
/// metadata.generation is Progressing; then progressing, degraded, healthy in that order, the first that is true
/// decides; none true is Progressing. An expression that fails at run time (a field that does not exist, a type
/// mismatch) gives Unknown with the error, never an exception.
/// </summary>
public sealed class HealthExpressions : IEquatable<HealthExpressions>
{
    // Cel's environment is built once; its compiled delegates are evaluated under a lock, as the library does not
    // document them as thread-safe and reconcile workers assess in parallel.
    private static readonly CelEnvironment Environment = new(null, null);

    private readonly (string Name, string Text, CelProgramDelegate Program)[] _programs;
    private readonly Lock _evaluation = new();

    private HealthExpressions(string? healthy, string? progressing, string? degraded, (string, string, CelProgramDelegate)[] programs)
    {
        Healthy = healthy;
        Progressing = progressing;
        Degraded = degraded;
        _programs = programs;
    }

    public string? Healthy { get; }

    public string? Progressing { get; }

    public string? Degraded { get; }

    /// <summary>
    /// Compiles the expressions given (at least one). Throws <see cref="FormatException"/> naming the expression
    /// ("'degraded' is not a valid CEL expression: Line 1:11 mismatched input ...").
    /// </summary>
    public static HealthExpressions Compile(string? healthy = null, string? progressing = null, string? degraded = null)
    {
        var programs = new List<(string, string, CelProgramDelegate)>(3);
        foreach (var (name, text) in new[] { ("progressing", progressing), ("degraded", degraded), ("healthy", healthy) })
        {
            if (text is null)
            {
                continue;
            }

            if (text.Trim().Length == 0)
            {
                throw new FormatException($"'{name}' is empty");
            }

            try
            {
                programs.Add((name, text, Environment.Compile(text)));
            }
            catch (CelException ex)
            {
                throw new FormatException($"'{name}' is not a valid CEL expression: {ex.Message}", ex);
            }
        }

        if (programs.Count == 0)
        {
            throw new FormatException("no expression given (healthy, progressing or degraded)");
        }

        return new HealthExpressions(healthy, progressing, degraded, [.. programs]);
    }

    /// <summary>The verdict for <paramref name="obj"/>; <paramref name="kindLabel"/> names the override in messages.</summary>
    public HealthResult Evaluate(JsonObject obj, string kindLabel)
    {
        if (obj["status"] is JsonObject status && LifecycleSignals.Generation(obj) is { } g && LifecycleSignals.ObservedGeneration(status) is { } o && o < g)
        {
            return new(HealthStatus.Progressing, $"waiting for the controller to observe generation {g} (status.observedGeneration is {o})");
        }

        var variables = CelValues.Variables(obj);
        foreach (var (name, text, program) in _programs)
        {
            object? result;
            try
            {
                lock (_evaluation)
                {
                    result = program.Invoke(variables);
                }
            }
            catch (Exception ex) when (ex is CelException or InvalidCastException or ArgumentException or KeyNotFoundException or FormatException or OverflowException)
            {
                return new(HealthStatus.Unknown, $"health override for {kindLabel}: the '{name}' expression failed: {ex.Message} (expression: {text})");
            }

            switch (result)
            {
                case true:
                    return new(StatusOf(name), $"the '{name}' health expression is true");
                case false:
                    continue;
                default:
                    return new(HealthStatus.Unknown, $"health override for {kindLabel}: the '{name}' expression returned {Describe(result)}, not a bool (expression: {text})");
            }
        }

        return new(HealthStatus.Progressing, "no health expression is true yet");
    }

    private static HealthStatus StatusOf(string name) => name switch
    {
        "progressing" => HealthStatus.Progressing,
        "degraded" => HealthStatus.Degraded,
        _ => HealthStatus.Healthy,
    };

    private static string Describe(object? value) => value is null ? "null" : $"{value} ({value.GetType().Name})";

    public bool Equals(HealthExpressions? other) =>
        other is not null && Healthy == other.Healthy && Progressing == other.Progressing && Degraded == other.Degraded;

    public override bool Equals(object? obj) => Equals(obj as HealthExpressions);

    public override int GetHashCode() => HashCode.Combine(Healthy, Progressing, Degraded);
}
