using GitOpsAgent.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace GitOpsAgent.Tests.Telemetry;

public sealed class LoggingSetupTests
{
    [Theory]
    [InlineData("json", false, null, true)]
    [InlineData("JSON", false, null, true)]
    [InlineData("text", true, "10.0.0.1", false)]
    [InlineData("auto", false, null, false)]
    [InlineData("auto", true, null, true)]
    [InlineData("auto", false, "10.96.0.1", true)]
    [InlineData("auto", false, "", false)]
    public void UseJson_FormatAndEnvironment_DecidesJson(string format, bool redirected, string? kubernetesHost, bool expected)
    {
        Assert.Equal(expected, LoggingSetup.UseJson(format, redirected, kubernetesHost));
    }

    [Fact]
    public void UseJson_UnknownFormat_Throws()
    {
        var error = Assert.Throws<ArgumentException>(() => LoggingSetup.UseJson("xml", false, null));
        Assert.Contains("xml", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Configure_Json_SelectsJsonFormatterWithScopes()
    {
        var services = new ServiceCollection();
        services.AddLogging(builder => LoggingSetup.Configure(builder, "json"));
        using var provider = services.BuildServiceProvider();

        var console = provider.GetRequiredService<IOptionsMonitor<ConsoleLoggerOptions>>().CurrentValue;
        var json = provider.GetRequiredService<IOptionsMonitor<JsonConsoleFormatterOptions>>().CurrentValue;

        Assert.Equal(ConsoleFormatterNames.Json, console.FormatterName);
        Assert.True(json.IncludeScopes);
    }

    [Fact]
    public void Configure_Text_SelectsSimpleFormatterWithScopes()
    {
        var services = new ServiceCollection();
        services.AddLogging(builder => LoggingSetup.Configure(builder, "text"));
        using var provider = services.BuildServiceProvider();

        var console = provider.GetRequiredService<IOptionsMonitor<ConsoleLoggerOptions>>().CurrentValue;
        var simple = provider.GetRequiredService<IOptionsMonitor<SimpleConsoleFormatterOptions>>().CurrentValue;

        Assert.Equal(ConsoleFormatterNames.Simple, console.FormatterName);
        Assert.True(simple.IncludeScopes);
    }
}
