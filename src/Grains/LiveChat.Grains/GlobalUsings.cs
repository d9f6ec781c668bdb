global using LiveChat.Errors;
global using LiveChat.Events;
global using LiveChat.Model;
global using Microsoft.Extensions.Logging;
global using Orleans;
global using Orleans.Concurrency;
global using Orleans.Runtime;
