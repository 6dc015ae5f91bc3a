namespace BizMobileGo.Core.Store
{
    /// <summary>
    /// The users a store held at one moment (<see cref="IUserStore.MarkUsers"/>), so that a later look-up can leave out the
    /// users made since: an import compares each new user with the users the store held before it began, whichever chunk of
    /// the file the user comes in, and never with the users it made itself. Opaque to everyone but the stores (both keep
    /// user keys that only grow, and the writer lock keeps anyone else from adding users during an import).
    /// </summary>
    public readonly struct UsersMark
    {
        internal UsersMark(long lastKey)
        {
            LastKey = lastKey;
        }

        /// <summary>The greatest user key the store held.</summary>
        internal long LastKey { get; }
    }
}
