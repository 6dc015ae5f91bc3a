namespace BizMobileGo.Core.Store
{
    /// <summary>
    /// An object a store gave, that says which store: a Device, User, CheckInEmail, DepDevice, DepProfile, DeviceDepLink, a
    /// history query's entry, an ImportHistoryEntry, an import's ImportSummary and -PassThru ImportRowResult (the store
    /// imported into). A command piped one of another store than its own refuses it
    /// (PipedFromOtherStore), rather than act on its own store's record of the same key (walkthroughs 28 and 29): keys are
    /// per store — every store has a check-in email 4, an import 1, perhaps a DEP device of the same serial.
    /// </summary>
    public interface IReadFromStore
    {
        /// <summary>
        /// The store the object was read from (or made in), as the store shows its location: a file path, or a server URI
        /// without its password (<see cref="IDeviceStore.Location"/>); null for an object no store gave. Not in the default views.
        /// </summary>
        string? Database { get; }
    }
}
