using System.Text.Json;
using System.Text.Json.Nodes;
using GitOpsAgent.Core.Manifests;

namespace GitOpsAgent.TestApiServer.Http;

/// <summary>Request bodies: JSON, or YAML (read as kubectl reads it).</summary>
public static class RequestBodies
{
    public static JsonObject ParseObject(string text)
    {
        try
        {
            if (JsonNode.Parse(text) is JsonObject json)
            {
                return json;
            }
        }
        catch (JsonException)
        {
            // Not JSON: YAML below.
        }

        try
        {
            var documents = YamlDocumentReader.Read(text, "request body");
            if (documents.Count > 0 && documents[0].Root is JsonObject yaml)
            {
                return yaml;
            }
        }
        catch (ManifestParseException ex)
        {
            throw ApiException.BadRequest(ex.Message);
        }

        throw ApiException.BadRequest("the request body must be an object");
    }
}
