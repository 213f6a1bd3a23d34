Console.WriteLine("gitops-agent");
