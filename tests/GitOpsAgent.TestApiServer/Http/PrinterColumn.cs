using System.Text.Json.Nodes;

namespace GitOpsAgent.TestApiServer.Http;

/// <summary>One column of a Table answer: its definition and how to read its cell from an object.</summary>
public sealed record PrinterColumn(string Name, string Type, Func<JsonObject, DateTimeOffset, JsonNode?> Cell, int Priority = 0);
