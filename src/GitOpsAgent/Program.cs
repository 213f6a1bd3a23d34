using GitOpsAgent.Cli;

// One executable, several verbs; "run" (the controller) is the default.
return await CommandLine.InvokeAsync(args.Length == 0 ? ["run"] : args);
