namespace AetherFS.Core.Packing;

/// <summary>What a scan does with what it cannot push: FIFOs, sockets, devices, unreadable names and files.</summary>
public enum SpecialFilePolicy
{
    /// <summary>Refuse the push, naming every such entry at once.</summary>
    Error,

    /// <summary>Leave them out of the dataset, with one warning each.</summary>
    Skip,
}
