using System.Text.Json.Nodes;
using GitOpsAgent.Chart.Tests.Schema;

namespace GitOpsAgent.Chart.Tests;

public class JsonSchemaSubsetValidatorTests
{
    private static JsonObject Parse(string json) => JsonNode.Parse(json)!.AsObject();

    [Fact]
    public void Validate_MissingRequiredProperty_ReportsIt()
    {
        var schema = Parse("""{"type":"object","required":["repository"],"properties":{"repository":{"type":"string"}}}""");

        var errors = JsonSchemaSubsetValidator.Validate(schema, new JsonObject());

        Assert.Equal(["$: required property \"repository\" is missing"], errors);
    }

    [Fact]
    public void Validate_ArrayItems_AreEachChecked()
    {
        var schema = Parse("""{"type":"array","items":{"type":"string","minLength":1}}""");

        var errors = JsonSchemaSubsetValidator.Validate(schema, JsonNode.Parse("""["a", "", 3]"""));

        Assert.Equal(2, errors.Count);
        Assert.StartsWith("$[1]: \"\" is shorter than 1", errors[0], StringComparison.Ordinal);
        Assert.StartsWith("$[2]: expected \"string\"", errors[1], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"type":"integer"}""", "1.5", false)]
    [InlineData("""{"type":"integer"}""", "2", true)]
    [InlineData("""{"type":"number","maximum":10}""", "10.5", false)]
    [InlineData("""{"type":["string","integer"]}""", "\"100m\"", true)]
    [InlineData("""{"type":["string","integer"]}""", "true", false)]
    [InlineData("""{"type":"boolean"}""", "false", true)]
    [InlineData("""{"type":"string","pattern":"^/"}""", "\"api\"", false)]
    [InlineData("""{"enum":["a","b"]}""", "\"c\"", false)]
    [InlineData("""{"type":"object","additionalProperties":{"type":"string"}}""", """{"k":"v"}""", true)]
    [InlineData("""{"type":"object","additionalProperties":{"type":"string"}}""", """{"k":1}""", false)]
    [InlineData("""{"type":"object","additionalProperties":false}""", """{"k":1}""", false)]
    [InlineData("""{"type":"object"}""", """{"k":1}""", true)]
    public void Validate_SubsetKeyword_AcceptsOrRejects(string schema, string instance, bool valid)
    {
        var errors = JsonSchemaSubsetValidator.Validate(Parse(schema), JsonNode.Parse(instance));

        Assert.Equal(valid, errors.Count == 0);
    }

    [Fact]
    public void Validate_UnsupportedKeyword_ThrowsInsteadOfIgnoringIt()
    {
        var schema = Parse("""{"type":"object","oneOf":[{"type":"object"}]}""");

        var ex = Assert.Throws<NotSupportedException>(() => JsonSchemaSubsetValidator.Validate(schema, new JsonObject()));

        Assert.Contains("oneOf", ex.Message, StringComparison.Ordinal);
    }
}
