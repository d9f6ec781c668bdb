global using LiveChat.Errors;
global using LiveChat.Events;
global using LiveChat.Grains;
global using LiveChat.Model;
global using Orleans;
global using Xunit;
