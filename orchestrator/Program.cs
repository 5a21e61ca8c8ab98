return await Simul.Orchestrator.Commands.Cli.RunAsync(args);
