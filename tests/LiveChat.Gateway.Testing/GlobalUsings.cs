global using LiveChat.Events;
global using LiveChat.Model;
global using Xunit;
