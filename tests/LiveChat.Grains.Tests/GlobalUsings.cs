global using LiveChat.Errors;
global using LiveChat.Events;
global using LiveChat.Grains;
global using LiveChat.Model;
global using LiveChat.Testing;
global using Orleans;
