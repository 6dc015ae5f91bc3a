using System;
using System.Collections.Generic;
using System.Threading;
using BizMobileGo.Core.Dep;
using BizMobileGo.Core.Devices;
using BizMobileGo.Core.Import;
using BizMobileGo.Core.Users;

namespace BizMobileGo.Core.Store
{
    /// <summary>
    /// Where device information lives: SQLite (a file) today, PostgreSQL (a server) beside it. Opened only
    /// through <see cref="DeviceStores.Open"/>. Every store keeps this contract; the contract tests
    /// (tests/BizMobileGo.Core.Tests/Store/Contract) hold each store to it.
    /// </summary>
    /// <remarks>
    /// <para><b>Writer exclusivity.</b> <see cref="BeginTransaction()"/> makes this connection the store's only
    /// writer until the transaction commits or rolls back: a second writer (another process, another
    /// connection) waits in BeginTransaction, up to the store's busy timeout, then fails with StoreBusy.
    /// SQLite takes its write lock at once (a deferred BEGIN and a write that changes nothing, which locks as
    /// BEGIN IMMEDIATE does); PostgreSQL takes a transaction-scoped advisory lock. Decisions made inside the transaction (a serial is free, the device is not locked,
    /// <see cref="ConfirmedChange"/>'s second look) therefore stay true until the commit.</para>
    /// <para><b>Cancelling the wait.</b> The wait for the writer lock ends when its cancellation token is cancelled
    /// (<see cref="BeginTransaction(CancellationToken)"/>'s, else <see cref="WaitCancellation"/>): within a fraction
    /// of a second BeginTransaction throws <see cref="OperationCanceledException"/>, holding no lock, having written
    /// nothing, and the store stays usable (its next BeginTransaction waits again). No other writer is affected, and
    /// the cancellation is no store failure (never StoreBusy). Only the wait is cancelled: a lock that is free at the
    /// call is taken even with a cancelled token, so a stopped command can still record what it rolled back.</para>
    /// <para><b>Readers.</b> Outside a transaction every call reads the last committed state; a reader never
    /// waits for a writer and never sees a writer's uncommitted changes. <see cref="BeginReadTransaction"/>
    /// fixes one committed state for many reads, without blocking writers.</para>
    /// <para><b>Errors.</b> A store raises <see cref="Errors.BmgException"/> only: the Store* ErrorIds for the
    /// store itself (StoreBusy, StoreFull, StoreReadOnly, StoreOpenFailure, StoreNotRecognized,
    /// StoreVersionTooNew, and on SQLite StoreDamaged: a damaged file, never written again by the process), and the domain ErrorIds a unique key maps to (DuplicateSerial for a serial,
    /// AlreadyExists for an identifier, user name or reference name) should a unique violation reach the store
    /// despite the planner's checks. Never a provider's raw exception, never a password in a message.</para>
    /// <para><b>Identifiers.</b> A device's Identifier is unique and looked up ignoring case (ordinal case
    /// folding); a user name, serial and reference names are exact. This is the store's duty, not the caller's.</para>
    /// <para><b>Lists.</b> A user's organizations and a device's tags are ordered lists of names; how a store
    /// keeps them is its own affair (SQLite: a '|'-joined column, names never hold '|'). Renames and "in use"
    /// look-ups match whole names exactly, never a prefix or a substring.</para>
    /// </remarks>
    public interface IDeviceStore : IReferenceDataStore, IUserStore, IDeviceRecordStore, IDepStore, ICheckInStore, IImportHistoryStore, IZeroPaddedKeyReads, IDisposable
    {
        /// <summary>Where the store is, as it may be shown (a file path, or a server URI without its password).</summary>
        string Location { get; }

        /// <summary>
        /// Starts the only write transaction (see the remarks); disposing it uncommitted rolls everything back. Its wait
        /// for the writer lock ends when <see cref="WaitCancellation"/> is cancelled.
        /// </summary>
        IStoreTransaction BeginTransaction();

        /// <summary>As <see cref="BeginTransaction()"/>, its wait for the writer lock ended by <paramref name="cancellation"/> (see the remarks).</summary>
        /// <exception cref="OperationCanceledException">The wait was cancelled; no lock is held and nothing was written.</exception>
        IStoreTransaction BeginTransaction(CancellationToken cancellation);

        /// <summary>
        /// As <see cref="BeginTransaction()"/>, for an import: every statement it makes writes at most one chunk's rows, so
        /// a store may keep what undoes one statement in memory (SQLite: the statement journal, which a chunk's multi-row
        /// INSERT or UPDATE needs beside the transaction's own).
        /// </summary>
        IStoreTransaction BeginImportTransaction() => BeginTransaction();

        /// <summary>
        /// Ends every wait of <see cref="BeginTransaction()"/> for the writer lock when cancelled: a command sets its stop
        /// (Ctrl+C) here while it uses the store, so every write it makes, through whichever core service, can be stopped.
        /// None by default; set back to none when the store is handed back.
        /// </summary>
        CancellationToken WaitCancellation { get; set; }

        /// <summary>
        /// Told, once per wait and on the waiting thread, the line that says what a write waits for (<see cref="WriterWaitLine"/>)
        /// as soon as it finds the writer lock taken by another client: a command shows it (-Verbose) instead of nothing for
        /// up to the busy timeout; then told null, on the same thread, as that wait ends however it ended (the lock taken,
        /// StoreBusy, Ctrl+C), so that a command takes down what it showed of the wait (a progress line). Never told when
        /// the lock is free. None by default; set back to none when the store is handed back, as <see cref="WaitCancellation"/>.
        /// </summary>
        Action<string?>? WaitingForWriter { get; set; }

        /// <summary>
        /// Told, on the waiting thread, the line that says a command still waits for the server's answer
        /// (<see cref="ServerWaitLine"/>) once a round trip has gone unanswered <see cref="ServerWaitLine.After"/>, again every
        /// <see cref="ServerWaitLine.Every"/> with the time so far, then null as the answer comes (or the stop ends the wait).
        /// A member apart from <see cref="WaitingForWriter"/>: an import times the wait for another writer by that one.
        /// A file store waits for no server and never tells it. None by default, as <see cref="WaitingForWriter"/>.
        /// </summary>
        Action<string?>? WaitingForServer { get => null; set { } }

        /// <summary>A consistent committed state for reading many rows while others may write; takes no write lock.</summary>
        IStoreTransaction BeginReadTransaction();

        /// <summary>
        /// True for a -WhatIf store (<see cref="StoreUse.Snapshot"/>, <see cref="StoreUse.ReadSnapshot"/>): nothing it does
        /// reaches the store, a commit included. A commit keeps its writes for the rest of the command's dry run only, so
        /// each file of a dry run over several sees what the files before it would write (<see cref="DryRun"/>): SQLite
        /// commits into the dry run's private copy, PostgreSQL releases a savepoint inside the dry run's transaction,
        /// which is rolled back when the store is disposed. A dry run's store takes no writer lock.
        /// </summary>
        bool IsDryRun { get; }

        /// <summary>
        /// Applies device and user changes in order, each as <see cref="IUserStore.SaveUser"/> or
        /// <see cref="IDeviceRecordStore.SaveDevice"/> would; one call per import chunk, so a server store can
        /// send them in one round trip. Inside the caller's transaction.
        /// </summary>
        void ApplyChanges(IReadOnlyList<StoreChange> changes);
    }

    /// <summary>Organizations, templates and device tags.</summary>
    public interface IReferenceDataStore
    {
        IReadOnlyList<Organization> GetOrganizations();
        void InsertOrganization(Organization organization);

        /// <summary>Sets an organization's display Name; users refer to its Id, so none of them changes.</summary>
        void SetOrganizationName(string id, string name);
        IReadOnlyList<Template> GetTemplates();
        void InsertTemplate(Template template);
        IReadOnlyList<DeviceTag> GetDeviceTags();
        void InsertDeviceTag(DeviceTag tag);

        /// <summary>
        /// Who uses an organization, template or device tag: how many users (organization) or devices (template, tag) hold it,
        /// and the first <paramref name="namesWanted"/> of their keys in key order; null when nothing does. Whole names only.
        /// </summary>
        ReferenceUse? FindReferenceUse(ReferenceKind kind, string name, int namesWanted);

        /// <summary>
        /// The organizations some user holds, or the templates or device tags some device holds: one read of the users or
        /// devices (a completer's, where a look-up per name read them once a name). Unordered, each name once.
        /// </summary>
        IReadOnlyCollection<string> HeldReferenceNames(ReferenceKind kind);

        void DeleteReference(ReferenceKind kind, string name);

        /// <summary>
        /// Renames an organization id, template or device tag; every user or device holding it follows, each
        /// written through its one write path (<see cref="IUserStore.SaveUser"/>, <see cref="IDeviceRecordStore.SaveDevice"/>)
        /// with <paramref name="origin"/>. Returns how many users and devices changed.
        /// </summary>
        int RenameReference(ReferenceKind kind, string name, string newName, ChangeOrigin origin);
    }

    /// <summary>Users, keyed by the exact (case-sensitive) user name.</summary>
    public interface IUserStore
    {
        User? GetUser(string userName);

        /// <summary>Every user, by user name.</summary>
        IEnumerable<User> GetUsers();

        /// <summary>
        /// The users whose UserName lies in one of <see cref="NamePrefix.UserNameRanges"/> of <paramref name="start"/> (not
        /// empty): every user a wildcard with that literal start may match, by user name as <see cref="GetUsers"/> orders them.
        /// Ranges of the folded name's index, as tab completion seeks: <c>Get-BmgUser tanaka*</c> on 100,000 users reads the
        /// few of its start, not every user (walkthrough 25, finding 3; <see cref="Users.UserPatternReads"/>).
        /// </summary>
        IReadOnlyList<User> GetUsersStartingWith(string start);

        /// <summary>
        /// The users whose EmailAddress is LIKE one of <paramref name="likePatterns"/> (<see cref="WildcardLike"/>'s form, ASCII
        /// letters folded), and those whose address holds a character outside printable ASCII, by user name as
        /// <see cref="GetUsers"/> orders them. One statement, filtered by the store: no index holds addresses, so the store
        /// reads its users and only the matches are handed over (<see cref="Users.EmailLookup"/>).
        /// </summary>
        IReadOnlyList<User> GetUsersWithEmailLike(IReadOnlyList<string> likePatterns);

        /// <summary>
        /// The first <paramref name="limit"/> names of <paramref name="list"/> that start with <paramref name="prefix"/>
        /// (ASCII letters folded, as identifiers and user-name twins compare; every character literal), ordered as folded and
        /// then exactly, each once. A seek of an index (<see cref="NamePrefix"/>): tab completion on 100,000 names reads
        /// only what it offers.
        /// </summary>
        IReadOnlyList<string> GetNamesStartingWith(NameSource list, string prefix, int limit);

        /// <summary>The users among <paramref name="userNames"/> that exist, in no particular order: one look-up for many names.</summary>
        IReadOnlyList<User> FindUsers(IReadOnlyCollection<string> userNames);

        /// <summary>
        /// The UserNames that equal <paramref name="userName"/> ignoring the case of ASCII letters but are not it ('yamada' for
        /// 'Yamada'): the "did you mean" of a user a command is about to create (an index seek).
        /// </summary>
        IReadOnlyList<string> GetUserNameCaseTwins(string userName);

        /// <summary>
        /// The UserNames, among the users the store held at <paramref name="held"/>, that equal one of
        /// <paramref name="userNames"/> ignoring the case of ASCII letters but are none of them: the case twins of an
        /// import chunk's new users, in one look-up (index seeks, one round trip).
        /// </summary>
        IReadOnlyList<string> GetUserNameCaseTwins(IReadOnlyCollection<string> userNames, UsersMark held);

        /// <summary>The users the store holds now, for <see cref="GetUserNameCaseTwins(IReadOnlyCollection{string}, UsersMark)"/>; null when it holds none.</summary>
        UsersMark? MarkUsers();

        /// <summary>
        /// The one write path of a user: <paramref name="before"/> is the state the store holds (null: insert),
        /// <paramref name="after"/> the state to hold (null: delete; its devices must have been unlinked first).
        /// </summary>
        void SaveUser(User? before, User? after, ChangeOrigin origin);

        /// <summary>
        /// Gives <paramref name="user"/> (the state the store holds) the UserName <paramref name="newUserName"/>, checked and
        /// free: the user through its one write path, then each of its devices, which keep pointing at it, through theirs
        /// (their entries say UserName old → new, as a reference rename's do). The history entry of the user ends its old
        /// name, which still finds it. Inside the caller's transaction, or one of its own.
        /// <paramref name="devices"/> are the user's devices as the store holds them (<see cref="IDeviceRecordStore.GetDevicesOfUser"/>,
        /// read in the same transaction): the caller reads them anyway (Rename-BmgUser's prompt counts them), so the store
        /// does not read them again.
        /// </summary>
        void RenameUser(User user, string newUserName, IReadOnlyList<Device> devices, ChangeOrigin origin);
    }

    /// <summary>Devices, keyed by Identifier (ignoring case); a Serial belongs to one device at most.</summary>
    public interface IDeviceRecordStore
    {
        /// <summary>The device whose Identifier equals <paramref name="identifier"/> ignoring case.</summary>
        Device? GetDevice(string identifier);
        Device? GetDeviceBySerial(string serial);

        /// <summary>
        /// The devices that checked in as the DEP device <paramref name="depSerial"/> (their DepDevice), by Identifier: one at
        /// most, but for a store where two did before that was refused (<see cref="Devices.SerialHolders"/>).
        /// </summary>
        IReadOnlyList<Device> GetDevicesCheckedInAs(string depSerial);

        /// <summary>
        /// The devices that checked in as a DEP device other than their Serial (a Keycode device, whose Serial is empty), by
        /// Identifier: the serials they hold beside those <see cref="GetDeviceBySerial"/> finds (<see cref="Devices.SerialHolders"/>).
        /// </summary>
        IReadOnlyList<Device> GetDevicesCheckedInAsOtherSerial();

        /// <summary>The store's own key of the device (never handed out again: the change history's subject key), or null.</summary>
        long? GetDeviceKey(string identifier);

        /// <summary>Every device, by Identifier.</summary>
        IEnumerable<Device> GetDevices();

        /// <summary>
        /// The devices whose Identifier (<paramref name="list"/> <see cref="NameSource.DeviceIdentifiers"/>) or Serial
        /// (<see cref="NameSource.DeviceSerials"/>) starts with <paramref name="prefix"/> under <see cref="NamePrefix"/>'s rule
        /// (ASCII letters folded, every character literal), by Identifier as <see cref="GetDevices"/> orders them. A range of an
        /// index (the one tab completion seeks): a wildcard look-up such as <c>dev0042*</c> reads the devices of its literal start,
        /// not every device (<see cref="Devices.DevicePatternReads"/>).
        /// </summary>
        IReadOnlyList<Device> GetDevicesStartingWith(NameSource list, string prefix);

        /// <summary>
        /// The devices whose Identifier or Serial (<paramref name="list"/>, as <see cref="GetDevicesStartingWith"/>) is LIKE one of
        /// <paramref name="likePatterns"/> (<see cref="WildcardLike"/>'s form: backslash the escape, ASCII letters folded), and
        /// those whose value holds a character outside printable ASCII (no pattern's form can tell them), by Identifier as
        /// <see cref="GetDevices"/> orders them. One statement: a pattern with no literal start (<c>*ipad*</c>) is filtered by
        /// the store instead of every device being read (<see cref="Devices.DevicePatternReads"/>).
        /// </summary>
        IReadOnlyList<Device> GetDevicesLike(NameSource list, IReadOnlyList<string> likePatterns);

        IReadOnlyList<Device> GetDevicesOfUser(string userName);

        /// <summary>The devices whose Identifier is one of <paramref name="identifiers"/> ignoring case, in no particular order.</summary>
        IReadOnlyList<Device> FindDevices(IReadOnlyCollection<string> identifiers);

        /// <summary>The devices holding one of <paramref name="serials"/>, in no particular order.</summary>
        IReadOnlyList<Device> FindDevicesBySerial(IReadOnlyCollection<string> serials);

        /// <summary>
        /// The one write path of a device: <paramref name="before"/> is the state the store holds (null: insert),
        /// <paramref name="after"/> the state to hold (null: delete). Its user must exist.
        /// </summary>
        void SaveDevice(Device? before, Device? after, ChangeOrigin origin);

        /// <summary>
        /// Gives <paramref name="device"/> (the state the store holds) the Identifier <paramref name="newIdentifier"/>, checked
        /// and free (or the same ignoring case): the device through its one write path, which keeps its key, state, code and
        /// DEP link, and ends its old name in the history (the old name still finds it); and what refers to the device by its
        /// Identifier's text follows: its check-in outbox entries (every status) and its refused check-ins (so a lockout
        /// stays). Inside the caller's transaction, or one of its own.
        /// </summary>
        void RenameDevice(Device device, string newIdentifier, ChangeOrigin origin);
    }

    /// <summary>Apple's DEP device list and profile names. Device records are never written here: a DEP device is linked by serial.</summary>
    public interface IDepStore
    {
        /// <summary>The DEP device with this serial number, also when a sync response released it (see <see cref="DepDevice.ReleasedAt"/>).</summary>
        DepDevice? GetDepDevice(string serialNumber);

        /// <summary>
        /// What <see cref="GetDepDevice"/> gives for each of <paramref name="serialNumbers"/> (matched exactly, released ones
        /// too), in no particular order and without the serials held by none: a batched read, so a DEP file of thousands of
        /// entries reads the store a chunk of serials at a time, not once a serial.
        /// </summary>
        IReadOnlyList<DepDevice> FindDepDevices(IReadOnlyCollection<string> serialNumbers);

        /// <summary>
        /// <see cref="FindDepDevices"/> slimmed to what a DEP link reads (<see cref="Devices.DeviceDepLink"/>'s constructor):
        /// each DepDevice has only its SerialNumber, ReleasedAt and, when the store's verdict at its import says it is not an
        /// iOS device, the OS, DeviceFamily and Model its <see cref="DepDevice.Family"/> is read from (else none: <see cref="DepDevice.IsIos"/>
        /// is true). An import checks each chunk's DEP links with it (Import.ImportDepLinks): the whole records, with the holder's
        /// Identifier and the profile's name by subqueries, cost a first import of 100,000 DEP rows ~20 % more CPU (PERFORMANCE.md).
        /// </summary>
        IReadOnlyList<DepDevice> FindDepDevicesForLinks(IReadOnlyCollection<string> serialNumbers);

        /// <summary>The DEP devices of Apple's list: released ones are not.</summary>
        IEnumerable<DepDevice> GetDepDevices();

        /// <summary>The serials Apple released (<see cref="DepDevice.ReleasedAt"/>), by serial number: Get-BmgDepDevice -Released.</summary>
        IEnumerable<DepDevice> GetReleasedDepDevices();
        IReadOnlyList<DepProfile> GetDepProfiles();

        /// <summary>Inserts or replaces the DEP device with this serial number; true when it was new.</summary>
        bool UpsertDepDevice(DepDevice depDevice);

        /// <summary>
        /// Writes only the time a held DEP device's data is as of (<see cref="DepDevice.AsOf"/>): Apple sent it anew, later, and
        /// no field changed, so a whole row's upsert (every column, and its indexes) is not needed to move one time.
        /// </summary>
        void SetDepDeviceAsOf(string serialNumber, DateTimeOffset? asOf);

        void DeleteDepDevice(string serialNumber);

        /// <summary>
        /// Records in the change history, in the open write transaction, what a DEP write did to devices whose rows it left as
        /// they are (a release of the serial each uses): one entry a device, as the write path records its writes.
        /// </summary>
        void RecordDeviceChanges(IReadOnlyList<History.DeviceFieldChanges> changes, ChangeOrigin origin);

        /// <summary>True when a DEP device (not released) is not an iOS device (<see cref="DepDevice.IsIos"/>).</summary>
        bool HasNonIosDepDevices();

        /// <summary>True when a sync response released any DEP device (so DEP links are worth checking for it).</summary>
        bool HasReleasedDepDevices();

        /// <summary>True when any DEP device, released or not, has been imported (so a serial missing from the list means something).</summary>
        bool HasDepDevices();

        /// <summary>
        /// The DEP link (Get-BmgDeviceDepLink) of each of <paramref name="identifiers"/>, at its place: null where no device's
        /// Identifier equals it ignoring case (as <see cref="IDeviceRecordStore.GetDevice"/> matches). A batched read of only
        /// the columns a link shows, with the release of the DEP device each uses and whether a non-empty DEP device list lacks it
        /// (the depSerialUnlisted of <see cref="DeviceDepLink"/>'s constructor);
        /// repeats are looked up again.
        /// </summary>
        IReadOnlyList<DeviceDepLink?> GetDepLinks(IReadOnlyList<string> identifiers);

        /// <summary>
        /// The DEP link of the device registered with <paramref name="serial"/> (as <see cref="IDeviceRecordStore.GetDeviceBySerial"/>),
        /// else of a device that checked in as the DEP device of that serial (<see cref="IDeviceRecordStore.GetDevicesCheckedInAs"/>), or null.
        /// </summary>
        DeviceDepLink? GetDepLinkBySerial(string serial);

        /// <summary>The name known for a DEP profile uuid, or null.</summary>
        string? GetDepProfileName(string profileUuid);

        /// <summary>Names a DEP profile uuid (inserts or renames).</summary>
        void SetDepProfileName(string profileUuid, string name, DateTimeOffset savedAt);
    }

    /// <summary>Refused check-ins (the lockout) and the check-in email outbox. Each outbox state change is atomic on its own.</summary>
    public interface ICheckInStore
    {
        /// <summary>Records a refused check-in for <paramref name="identifier"/> (any case); <paramref name="reason"/> is an ErrorId.</summary>
        void RecordCheckInFailure(string identifier, DateTimeOffset at, string reason);

        /// <summary>How many check-ins for <paramref name="identifier"/> (any case) were refused for <paramref name="reason"/> after <paramref name="since"/>.</summary>
        int CountCheckInFailures(string identifier, DateTimeOffset since, string reason);

        /// <summary>Every check-in refused for <paramref name="reason"/> after <paramref name="since"/>: the Identifier as given, and when.</summary>
        IReadOnlyList<(string Identifier, DateTimeOffset At)> GetCheckInFailures(DateTimeOffset since, string reason);

        /// <summary>Forgets the refused check-ins of <paramref name="identifier"/> (any case) after <paramref name="since"/>, for any reason; returns how many.</summary>
        int ClearCheckInFailures(string identifier, DateTimeOffset since);

        /// <summary>Adds an entry to the check-in email outbox (use Outbox.CheckInOutbox.Queue, which also supersedes stale ones).</summary>
        void InsertCheckInEmail(CheckInEmail email);
        IEnumerable<CheckInEmail> GetCheckInEmails();
        CheckInEmail? GetCheckInEmail(long id);

        /// <summary>
        /// Deletes the outbox entry <paramref name="id"/> when it is still in <paramref name="status"/> (a send that moved it on
        /// meanwhile keeps it); true when it went. Use Outbox.CheckInEmailRetention, which records the clear in the history.
        /// </summary>
        bool DeleteCheckInEmail(long id, Outbox.CheckInEmailStatus status);

        /// <summary>
        /// The entries of a device (identifier ignoring case) in <paramref name="status"/>, oldest first: its Pending ones (a
        /// newer email supersedes them), its Failed ones (an admin may still hand them back to the sender).
        /// </summary>
        IReadOnlyList<CheckInEmail> GetCheckInEmails(string identifier, Outbox.CheckInEmailStatus status);

        /// <summary>
        /// The entries of many devices (identifiers ignoring case) with <paramref name="status"/> (Pending or Failed), oldest
        /// first: one look-up a status for an import chunk's emails, which supersede their devices' unsent ones. A store that
        /// can't do better asks per device.
        /// </summary>
        IReadOnlyList<CheckInEmail> FindCheckInEmails(IReadOnlyCollection<string> identifiers, Outbox.CheckInEmailStatus status)
        {
            var found = new SortedDictionary<long, CheckInEmail>();
            foreach (string identifier in identifiers)
            {
                foreach (CheckInEmail email in GetCheckInEmails(identifier, status))
                {
                    found[email.Id] = email;
                }
            }

            return new List<CheckInEmail>(found.Values);
        }

        /// <summary>
        /// The Pending and the Failed entries of many devices together (<see cref="FindCheckInEmails"/> for both), oldest first:
        /// what a newer email, a removal or a user's removal supersedes (Outbox.CheckInOutbox). A server store reads them in one
        /// round trip (a piped Set-BmgDevice read the outbox twice a device); one that can't do better asks a status at a time.
        /// </summary>
        IReadOnlyList<CheckInEmail> FindUnsentCheckInEmails(IReadOnlyCollection<string> identifiers)
        {
            var found = new List<CheckInEmail>(FindCheckInEmails(identifiers, Outbox.CheckInEmailStatus.Failed));
            found.AddRange(FindCheckInEmails(identifiers, Outbox.CheckInEmailStatus.Pending));
            found.Sort((x, y) => x.Id.CompareTo(y.Id));
            return found;
        }

        /// <summary>Adds entries in their order, each as <see cref="InsertCheckInEmail"/> would (a server store: in one round trip).</summary>
        void InsertCheckInEmails(IReadOnlyList<CheckInEmail> emails)
        {
            foreach (CheckInEmail email in emails)
            {
                InsertCheckInEmail(email);
            }
        }

        /// <summary>Pending entries, and entries claimed for sending (to find claims left behind by a sender that died), oldest first.</summary>
        IReadOnlyList<CheckInEmail> GetUnsentCheckInEmails();

        /// <summary>
        /// Takes an entry for sending, atomically: it must be Pending, or Sending under the claim
        /// <paramref name="staleClaim"/> (a sender that is gone). Counts an attempt and fixes the
        /// Message-ID on the first claim. False when someone else has it or it is no longer Pending.
        /// </summary>
        bool TryClaimCheckInEmail(long id, string claimant, DateTimeOffset claimedUntil, string messageId, string? staleClaim);

        /// <summary>
        /// Ends a claim: the entry gets <paramref name="status"/> with the reply, error and reason given;
        /// <paramref name="uncountAttempt"/> takes back the attempt the claim counted (the run stopped before the message was tried).
        /// False when the claim was no longer <paramref name="claimant"/>'s. An entry that ends Sent keeps no LastError (its Attempts
        /// still tell that earlier tries failed): a delivered email must not read as failing.
        /// </summary>
        bool FinishCheckInEmailClaim(long id, string claimant, Outbox.CheckInEmailStatus status, DateTimeOffset? sentAt, string? serverReply,
            string? lastError, string? statusReason, bool uncountAttempt = false);

        /// <summary>
        /// Makes a Failed entry Pending again (an admin retries it), atomically: its StatusReason goes (it is no longer Failed),
        /// its Attempts, Message-ID and LastError stay. False when it is not there or not Failed.
        /// </summary>
        bool RequeueFailedCheckInEmail(long id);

        /// <summary>
        /// Marks a Pending (or claimed) entry Sent (clearing its LastError), for mail delivered some other way. False when it is
        /// not there or already final.
        /// </summary>
        bool MarkCheckInEmailSent(long id, DateTimeOffset sentAt, string? serverReply);

        /// <summary>
        /// Records a Pending or Failed entry as Sent without a message (Send-BmgCheckInEmail -MarkSent), atomically: its SentAt
        /// is <paramref name="markedAt"/>, its StatusReason <paramref name="reason"/> (who, and that nothing went out), no
        /// ServerReply; its Attempts, LastError and Message-ID stay as the record of what this store tried. False when it is not
        /// there, being sent (a sender's claim), or already Sent or Superseded.
        /// </summary>
        bool MarkCheckInEmailSentWithoutSending(long id, DateTimeOffset markedAt, string reason);

        /// <summary>Marks a Pending entry Superseded by <paramref name="supersededBy"/> (or by nothing) with the reason.</summary>
        void SupersedeCheckInEmail(long id, long? supersededBy, string reason);

        /// <summary>
        /// <see cref="SupersedeCheckInEmail"/> for many entries (an import chunk's), each at most once; a store across a
        /// network overrides it to send them in one round trip.
        /// </summary>
        void SupersedeCheckInEmails(IReadOnlyList<(long Id, long? SupersededBy, string Reason)> entries)
        {
            foreach ((long id, long? supersededBy, string reason) in entries)
            {
                SupersedeCheckInEmail(id, supersededBy, reason);
            }
        }
    }

    /// <summary>One entry per import attempt, committed or not.</summary>
    public interface IImportHistoryStore
    {
        /// <summary>
        /// Records an import (and its first row errors); sets <see cref="ImportHistoryEntry.Id"/> when it is 0. An entry whose
        /// Id is already set has its row at that Id: written there, or, when the change history wrote it in this transaction
        /// (<see cref="History.HistoryRecorder"/>, at the import's first change, so that entries can name the import),
        /// given these values and errors.
        /// </summary>
        void InsertImportHistory(ImportHistoryEntry entry);

        /// <summary>
        /// The Id an import takes as it begins, inside its write transaction (and says, so that a stopped or failed import's
        /// record and change entries can be told apart while it runs): its committed row, or its attempt record after a
        /// rollback, is written at it (<see cref="InsertImportHistory"/>). PostgreSQL: the Id column's sequence, never handed out
        /// twice (an import that records nothing after taking it leaves a gap). SQLite: the Id AUTOINCREMENT hands out next,
        /// nothing written; a rollback frees it, so a writer that comes between the rollback and the attempt record may take
        /// it (the record then takes a new one: DeviceImport says so).
        /// </summary>
        long ReserveImportHistoryId();

        /// <summary>
        /// Import history, newest first; with <paramref name="id"/>, that entry only; with
        /// <paramref name="newest"/>, only that many of the newest entries (and only their errors are read); with
        /// <paramref name="filter"/>, only the imports it selects, filtered in the query before the newest are counted.
        /// </summary>
        IReadOnlyList<ImportHistoryEntry> GetImportHistory(long? id, int? newest = null, ImportHistoryFilter? filter = null);

        /// <summary>
        /// The import <paramref name="id"/> names, if <paramref name="filter"/> keeps it: one read of its row that also says
        /// whether it exists (<see cref="ImportHistoryLookup"/>); its errors are read only when it is kept.
        /// </summary>
        ImportHistoryLookup FindImportHistory(long id, ImportHistoryFilter? filter);

        /// <summary>
        /// Deletes the import history rows (and their errors) of imports that ended before <paramref name="before"/> and that no
        /// change history entry names (its ImportId, as a row or in a pack); returns how many imports went. Use
        /// History.ImportHistoryRetention (Clear-BmgHistory), which runs it after the entries before the date are cleared.
        /// </summary>
        int DeleteUnnamedImportHistory(DateTimeOffset before);
    }

    /// <summary>An open transaction: disposing it without <see cref="Commit"/> rolls everything back.</summary>
    public interface IStoreTransaction : IDisposable
    {
        void Commit();
    }
}
