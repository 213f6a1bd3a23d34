using GitOpsAgent.Demo;

// The README's first command: a local demo of the whole controller (see DemoRun).
DemoOptions options;
try
{
    options = DemoOptions.Parse(args);
}
catch (ArgumentException ex)
{
    Console.Error.WriteLine($"error: {ex.Message}");
    return 2;
}

return await DemoRun.RunAsync(options, Console.Out, CancellationToken.None);
