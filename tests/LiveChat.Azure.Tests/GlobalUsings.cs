global using LiveChat.Grains;
global using LiveChat.Model;
global using LiveChat.Storage.Contract.Tests.Infrastructure;
