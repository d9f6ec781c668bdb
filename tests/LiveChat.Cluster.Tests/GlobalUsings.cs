global using LiveChat.Grains;
global using LiveChat.Model;
global using LiveChat.Testing.Processes;
global using Orleans;

// Each test runs three silo processes under load; on two cores they run one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
