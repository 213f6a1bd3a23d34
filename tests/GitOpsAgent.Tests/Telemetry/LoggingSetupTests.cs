using System.Text.Json.Nodes;
using GitOpsAgent.Controller;
using GitOpsAgent.Telemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
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
    public void UseJson_UnknownFormat_ThrowsNamingTheFlagAndTheChoices()
    {
        var error = Assert.Throws<ArgumentException>(() => LoggingSetup.UseJson("xml", false, null));
        Assert.Equal("--log-format: \"xml\" must be one of json, text, auto", error.Message);
    }

    [Theory]
    [InlineData("json", JsonLogFormatter.FormatterName)]
    [InlineData("text", TextLogFormatter.FormatterName)]
    public void Configure_Format_SelectsOurFormatter(string format, string formatter)
    {
        var services = new ServiceCollection();
        services.AddLogging(builder => LoggingSetup.Configure(builder, format));
        using var provider = services.BuildServiceProvider();

        Assert.Equal(formatter, provider.GetRequiredService<IOptionsMonitor<ConsoleLoggerOptions>>().CurrentValue.FormatterName);
        Assert.Contains(provider.GetServices<ConsoleFormatter>(), f => f.Name == formatter);
    }

    [Fact]
    public void Configure_Default_TurnsAspNetCoresPerRequestInformationOff()
    {
        var services = new ServiceCollection();
        services.AddLogging(builder => LoggingSetup.Configure(builder, "text"));
        using var provider = services.BuildServiceProvider();
        var factory = provider.GetRequiredService<ILoggerFactory>();

        Assert.False(factory.CreateLogger("Microsoft.AspNetCore.Hosting.Diagnostics").IsEnabled(LogLevel.Information));
        Assert.True(factory.CreateLogger("Microsoft.AspNetCore.Hosting.Diagnostics").IsEnabled(LogLevel.Warning));
        Assert.True(factory.CreateLogger("GitOpsAgent.Controller.Reconcile.Reconciler").IsEnabled(LogLevel.Information));
    }

    [Fact]
    public void Configure_ConfigurationAsksForAspNetCoreInformation_GetsIt()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Logging:LogLevel:Microsoft.AspNetCore"] = "Information" }).Build();
        var services = new ServiceCollection();
        services.AddLogging(builder =>
        {
            builder.AddConfiguration(configuration.GetSection("Logging"));
            LoggingSetup.Configure(builder, "text", configuration);
        });
        using var provider = services.BuildServiceProvider();

        Assert.True(provider.GetRequiredService<ILoggerFactory>().CreateLogger("Microsoft.AspNetCore.Hosting.Diagnostics").IsEnabled(LogLevel.Information));
    }

    [Fact]
    public async Task ControllerHost_Built_LogsNoAspNetCoreRequestLinesAtInformation()
    {
        await using var server = await TestApiServer.TestApiServer.StartAsync();
        using var dir = new TestSupport.TempDirectory();
        var options = new ControllerOptions { Kubeconfig = server.WriteKubeconfig(Path.Combine(dir.Path, "kubeconfig")), HttpAddress = "127.0.0.1:0", LeaderElect = false, LogFormat = "json", CacheDir = dir.Path };
        await using var app = ControllerHost.Build(options);

        var factory = app.Services.GetRequiredService<ILoggerFactory>();

        Assert.False(factory.CreateLogger("Microsoft.AspNetCore.Hosting.Diagnostics").IsEnabled(LogLevel.Information));
        Assert.False(factory.CreateLogger("Microsoft.AspNetCore.Routing.EndpointMiddleware").IsEnabled(LogLevel.Information));
        Assert.True(factory.CreateLogger("GitOpsAgent.Controller.ApplicationController").IsEnabled(LogLevel.Information));
    }

    private static string Format(ConsoleFormatter formatter, Exception? exception = null)
    {
        var scopes = new LoggerExternalScopeProvider();
        using var reconcile = scopes.Push(new Dictionary<string, object> { ["application"] = "shop/web", ["reconcileId"] = "3f2a9c1e0b7d" });
        using var revision = scopes.Push(new Dictionary<string, object> { ["revision"] = "0123456789abcdef0123456789abcdef01234567" });
        using var text = new StringWriter();
        var state = new Dictionary<string, object?> { ["Revision"] = "abc", ["Count"] = 3, ["{OriginalFormat}"] = "Synced {Revision}: {Count} object(s)" }.ToList();
        formatter.Write(new LogEntry<List<KeyValuePair<string, object?>>>(LogLevel.Information, "GitOpsAgent.Controller.Reconcile.Reconciler", new EventId(1003), state, exception, (_, _) => "Synced abc: 3 object(s)"), scopes, text);
        return text.ToString();
    }

    [Fact]
    public void TextFormatter_ReconcileScopes_PrintTheirValuesNotATypeName()
    {
        var line = Format(new TextLogFormatter());

        Assert.Matches(@"^\d\d:\d\d:\d\d info: GitOpsAgent\.Controller\.Reconcile\.Reconciler\[1003\] Synced abc: 3 object\(s\) application=shop/web reconcileId=3f2a9c1e0b7d revision=0123456789abcdef0123456789abcdef01234567\r?\n$", line);
        Assert.DoesNotContain("System.Collections", line);
    }

    [Fact]
    public void JsonFormatter_ReconcileScopes_AreTopLevelFields()
    {
        var line = Format(new JsonLogFormatter(), new InvalidOperationException("boom"));

        var entry = JsonNode.Parse(line)!.AsObject();
        Assert.Equal("shop/web", entry["application"]!.GetValue<string>());
        Assert.Equal("3f2a9c1e0b7d", entry["reconcileId"]!.GetValue<string>());
        Assert.Equal("0123456789abcdef0123456789abcdef01234567", entry["revision"]!.GetValue<string>());
        Assert.Equal(("Information", 1003, "Synced abc: 3 object(s)"), (entry["LogLevel"]!.GetValue<string>(), entry["EventId"]!.GetValue<int>(), entry["Message"]!.GetValue<string>()));
        Assert.Equal(3, entry["State"]!["Count"]!.GetValue<int>());
        Assert.Null(entry["State"]!["{OriginalFormat}"]);
        Assert.Contains("boom", entry["Exception"]!.GetValue<string>());
        Assert.Single(line.TrimEnd().Split('\n'));
    }
}
