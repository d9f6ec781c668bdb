namespace LiveChat.Grains.Common;

/// <summary>The grain storage provider every LiveChat grain writes its state to.</summary>
public static class StorageNames
{
    public const string LiveChat = "livechat";
}
