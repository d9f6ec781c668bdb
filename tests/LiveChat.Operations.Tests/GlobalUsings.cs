global using LiveChat.Grains;
global using LiveChat.Model;
global using LiveChat.Testing.Processes;
global using Orleans;

// Gateways and silo processes on two shared cores: one test at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
