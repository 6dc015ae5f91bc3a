using System;
using System.Collections.Generic;
using BizMobileGo.Core.Dep;
using BizMobileGo.Core.Devices;
using BizMobileGo.Core.Import;
using BizMobileGo.Core.Users;

namespace BizMobileGo.Core.Store
{
    /// <summary>
    /// Where device information lives. SQLite implements it today; the interface is what a server
    /// database would implement instead. Every change made while a transaction is open belongs to it.
    /// </summary>
    public interface IDeviceStore : IDisposable
    {
        string Location { get; }

        IStoreTransaction BeginTransaction();

        /// <summary>A consistent snapshot for reading many rows while others may write.</summary>
        IStoreTransaction BeginReadTransaction();

        IReadOnlyList<Organization> GetOrganizations();
        void InsertOrganization(Organization organization);
        IReadOnlyList<Template> GetTemplates();
        void InsertTemplate(Template template);
        IReadOnlyList<DeviceTag> GetDeviceTags();
        void InsertDeviceTag(DeviceTag tag);

        /// <summary>Who uses an organization, template or device tag ("device 'x'", "user 'y'"), or null when nothing does.</summary>
        string? FindReferenceUse(ReferenceKind kind, string name);

        void DeleteReference(ReferenceKind kind, string name);

        /// <summary>Renames an organization id, template or device tag; every reference to it follows.</summary>
        void RenameReference(ReferenceKind kind, string name, string newName);

        User? GetUser(string userName);
        IEnumerable<User> GetUsers();
        void InsertUser(User user);
        void UpdateUser(User user);

        /// <summary>Deletes a user; its devices must have been unlinked first.</summary>
        void DeleteUser(User user);

        /// <summary>The device whose Identifier equals <paramref name="identifier"/> ignoring case.</summary>
        Device? GetDevice(string identifier);
        Device? GetDeviceBySerial(string serial);
        IEnumerable<Device> GetDevices();
        void InsertDevice(Device device);
        /// <summary>Writes a device; <paramref name="before"/>, when given, is the stored state it replaces.</summary>
        void UpdateDevice(Device device, Device? before = null);
        void DeleteDevice(Device device);
        IReadOnlyList<Device> GetDevicesOfUser(string userName);

        /// <summary>The DEP device with this serial number, also when a sync response released it (see <see cref="DepDevice.ReleasedAt"/>).</summary>
        DepDevice? GetDepDevice(string serialNumber);

        /// <summary>The DEP devices of Apple's list: released ones are not.</summary>
        IEnumerable<DepDevice> GetDepDevices();
        IReadOnlyList<DepProfile> GetDepProfiles();

        /// <summary>Inserts or replaces the DEP device with this serial number; true when it was new.</summary>
        bool UpsertDepDevice(DepDevice depDevice);

        void DeleteDepDevice(string serialNumber);

        /// <summary>True when a DEP device (not released) is not an iOS device (<see cref="DepDevice.IsIos"/>).</summary>
        bool HasNonIosDepDevices();

        /// <summary>True when a sync response released any DEP device (so DEP links are worth checking for it).</summary>
        bool HasReleasedDepDevices();

        /// <summary>The name known for a DEP profile uuid, or null.</summary>
        string? GetDepProfileName(string profileUuid);

        /// <summary>Names a DEP profile uuid (inserts or renames).</summary>
        void SetDepProfileName(string profileUuid, string name, DateTimeOffset savedAt);

        /// <summary>Records a refused check-in for <paramref name="identifier"/> (any case); <paramref name="reason"/> is an ErrorId.</summary>
        void RecordCheckInFailure(string identifier, DateTimeOffset at, string reason);

        /// <summary>How many check-ins for <paramref name="identifier"/> (any case) were refused for <paramref name="reason"/> after <paramref name="since"/>.</summary>
        int CountCheckInFailures(string identifier, DateTimeOffset since, string reason);

        /// <summary>Adds an entry to the check-in email outbox (use Outbox.CheckInOutbox.Queue, which also supersedes stale ones).</summary>
        void InsertCheckInEmail(CheckInEmail email);
        IEnumerable<CheckInEmail> GetCheckInEmails();
        CheckInEmail? GetCheckInEmail(long id);

        /// <summary>The Pending entries of a device (identifier ignoring case), oldest first.</summary>
        IReadOnlyList<CheckInEmail> GetPendingCheckInEmails(string identifier);

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
        /// False when the claim was no longer <paramref name="claimant"/>'s.
        /// </summary>
        bool FinishCheckInEmailClaim(long id, string claimant, Outbox.CheckInEmailStatus status, DateTimeOffset? sentAt, string? serverReply,
            string? lastError, string? statusReason, bool uncountAttempt = false);

        /// <summary>Marks a Pending (or claimed) entry Sent, for mail delivered some other way. False when it is not there or already final.</summary>
        bool MarkCheckInEmailSent(long id, DateTimeOffset sentAt, string? serverReply);

        /// <summary>Marks a Pending entry Superseded by <paramref name="supersededBy"/> (or by nothing) with the reason.</summary>
        void SupersedeCheckInEmail(long id, long? supersededBy, string reason);

        void InsertImportHistory(ImportHistoryEntry entry);

        /// <summary>
        /// Import history, newest first; with <paramref name="id"/>, that entry only; with
        /// <paramref name="newest"/>, only that many of the newest entries (and only their errors are read).
        /// </summary>
        IReadOnlyList<ImportHistoryEntry> GetImportHistory(long? id, int? newest = null);
    }

    /// <summary>An open transaction: disposing it without <see cref="Commit"/> rolls everything back.</summary>
    public interface IStoreTransaction : IDisposable
    {
        void Commit();
    }
}
