using System.Text.Json.Nodes;
using GitOpsAgent.Core.Manifests;

namespace GitOpsAgent.Core.Tests.Crd;

/// <summary>The CRD's schema is structural (what apiextensions.k8s.io/v1 demands) and its defaults and columns are sound; each rule is also shown to catch a broken copy.</summary>
public sealed class StructuralSchemaTests
{
    private static JsonObject Crd() => CrdFiles.Crd();

    [Fact]
    public void EveryNode_HasATypeUnlessIntOrStringOrPreservingUnknownFields()
    {
        var schema = CrdFiles.Schema(Crd());

        Assert.Empty(StructuralSchema.UntypedNodes(schema));
        Assert.True(StructuralSchema.Nodes(schema, "").Count() > 50, "the walk must reach the nested schemas");
    }

    [Fact]
    public void UntypedNodes_NodeWithoutType_IsReported()
    {
        var schema = CrdFiles.Schema(Crd());
        schema.GetObjectAt("properties", "spec", "properties", "source", "properties", "path")!.Remove("type");
        schema.GetObjectAt("properties", "spec", "properties", "suspend")!.Remove("type");
        schema.GetObjectAt("properties", "spec", "properties", "suspend")!["x-kubernetes-preserve-unknown-fields"] = true;

        Assert.Equal([".spec.source.path: no type"], StructuralSchema.UntypedNodes(schema));
    }

    [Fact]
    public void NoNode_HasBothPropertiesAndAdditionalProperties()
    {
        var schema = CrdFiles.Schema(Crd());

        Assert.Empty(StructuralSchema.PropertiesWithAdditionalProperties(schema));

        schema.GetObjectAt("properties", "spec", "properties", "destination")!["additionalProperties"] = new JsonObject { ["type"] = "string" };
        Assert.Equal([".spec.destination: properties and additionalProperties together"], StructuralSchema.PropertiesWithAdditionalProperties(schema));
    }

    [Fact]
    public void Metadata_SpecifiesNothingBeyondNameAndGenerateName()
    {
        var schema = CrdFiles.Schema(Crd());

        Assert.Empty(StructuralSchema.MetadataViolations(schema));

        schema.GetObjectAt("properties", "metadata")!["properties"] = new JsonObject { ["labels"] = new JsonObject { ["type"] = "object" } };
        Assert.Equal([".metadata.labels: only name and generateName may be specified"], StructuralSchema.MetadataViolations(schema));
    }

    [Fact]
    public void EveryDefault_IsValidForItsNode()
    {
        var schema = CrdFiles.Schema(Crd());

        Assert.True(StructuralSchema.Nodes(schema, "").Count(n => n.Node.ContainsKey("default")) >= 8, "the CRD has defaults to check");
        Assert.Empty(StructuralSchema.InvalidDefaults(schema));

        schema.GetObjectAt("properties", "spec", "properties", "deletionPolicy")!["default"] = "Cascade";
        schema.GetObjectAt("properties", "spec", "properties", "syncPolicy", "properties", "interval")!["default"] = "three minutes";
        schema.GetObjectAt("properties", "spec", "properties", "suspend")!["default"] = "false";
        Assert.Equal(3, StructuralSchema.InvalidDefaults(schema).Count());
    }

    [Fact]
    public void PrinterColumns_PointAtFieldsTheSchemaHas()
    {
        var version = CrdFiles.Version(Crd());

        Assert.Equal(11, version.GetArrayAt("additionalPrinterColumns")!.Count);
        Assert.Empty(StructuralSchema.BrokenPrinterColumns(version));

        version.GetArrayAt("additionalPrinterColumns")!.Add(new JsonObject { ["name"] = "Phase", ["type"] = "string", ["jsonPath"] = ".status.phase" });
        version.GetArrayAt("additionalPrinterColumns")!.Add(new JsonObject { ["name"] = "Gen", ["type"] = "string", ["jsonPath"] = ".status.observedGeneration" });
        Assert.Equal(["column Phase: .status.phase is not in the schema", "column Gen: .status.observedGeneration is integer, not string"], StructuralSchema.BrokenPrinterColumns(version));
    }

    [Fact]
    public void ListMapKeys_AreRequiredFieldsOfTheItems()
    {
        var lists = StructuralSchema.Nodes(CrdFiles.Schema(Crd()), "").Where(n => n.Node.GetStringAt("x-kubernetes-list-type") == "map").ToList();

        Assert.NotEmpty(lists);
        foreach (var (path, node) in lists)
        {
            var items = node.GetObjectAt("items")!;
            foreach (var key in node.GetArrayAt("x-kubernetes-list-map-keys")!.Select(k => k!.GetValue<string>()))
            {
                Assert.True(items.GetArrayAt("required")?.Any(r => r!.GetValue<string>() == key) == true, $"{path}: list-map key {key} must be required");
                Assert.NotNull(items.GetObjectAt("properties", key));
            }
        }
    }
}
