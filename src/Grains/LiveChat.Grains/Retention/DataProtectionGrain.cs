namespace LiveChat.Grains.Retention;

/// <summary>The admin's entry to erasure and export requests (E3-E6): caller and subject checked here, the work done by the subject's index.</summary>
[StatelessWorker]
public sealed class DataProtectionGrain : Grain, IDataProtectionGrain
{
    public async Task<EndUserChats> ListChats(string adminId, DataSubject subject)
    {
        var index = await Index(adminId, subject);
        return await index.List(adminId);
    }

    public async Task<EndUserChats> BeginExport(string adminId, DataSubject subject)
    {
        var index = await Index(adminId, subject);
        return await index.BeginExport(adminId);
    }

    public async Task<ErasureReport> Erase(string adminId, DataSubject subject)
    {
        var index = await Index(adminId, subject);
        return await index.Erase(adminId);
    }

    private async Task<IEndUserChatsGrain> Index(string adminId, DataSubject subject)
    {
        await AdminCheck.Require(GrainFactory, adminId);
        return GrainFactory.EndUserChats(RetentionRules.SubjectKey(subject));
    }
}
