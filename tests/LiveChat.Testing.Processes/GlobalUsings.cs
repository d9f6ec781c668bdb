global using LiveChat.Grains;
global using LiveChat.Model;
global using Orleans;
