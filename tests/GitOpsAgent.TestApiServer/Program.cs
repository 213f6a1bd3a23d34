Console.WriteLine("test api server: not yet");
