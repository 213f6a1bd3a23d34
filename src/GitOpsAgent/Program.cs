using GitOpsAgent.Cli;

// One executable, several verbs; "run" (the controller) is the default (CommandLine.WithDefaultVerb).
return await CommandLine.InvokeAsync(args);
