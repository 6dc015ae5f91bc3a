using System;
using System.Runtime.CompilerServices;
using BizMobileGo.Core.Devices;
using BizMobileGo.Core.Import;
using BizMobileGo.Core.Store;
using BizMobileGo.Core.Users;

namespace BizMobileGo.Core.History
{
    /// <summary>
    /// A write the recorder keeps until its batch joins the chain: its entry, made when the write was recorded, or, for a
    /// user or device an import created or changed, what that entry is made of, so that <see cref="ChangeDiff"/> runs where
    /// the batch is linked: on the hashing thread for an import's batches, off the writing thread, which is an import's
    /// slowest (its diffs of 100,000 new records were the history's largest part of a first import, PERFORMANCE.md,
    /// thirty-fourth round; a re-import's diff of 50,000 changed devices ~1.4 µs each of the writing thread's, forty-second).
    /// </summary>
    /// <remarks>
    /// Only an import's records wait as their state: the import's planner makes each record it writes itself, a clone of
    /// the one before (RecordPlanner), and changes neither after it is written (a later row of the same record plans a
    /// clone again). A created record always has an entry; a changed one's diff may find nothing the history records, so
    /// its entry may be none, and a batch's entries may be fewer than its writes (<see cref="Entries"/>). Any other write's
    /// state may be the caller's object, which could change before the batch is linked: its entry is made at once.
    /// </remarks>
    internal readonly struct RecordedWrite
    {
        // The entry made, or the created or changed Device or User it is made of (after the write).
        private readonly object _made;
        // A changed record as it was before the write (null: an entry made, or a created record).
        private readonly object? _before;
        private readonly long _subjectKey;
        private readonly ChangeOrigin? _origin;
        private readonly DateTimeOffset _at;

        [MethodImpl(PerRowCode.Compile)] // per entry: see Import.PerRowCode
        private RecordedWrite(object made, long subjectKey, ChangeOrigin? origin, DateTimeOffset at, object? before = null)
        {
            _made = made;
            _before = before;
            _subjectKey = subjectKey;
            _origin = origin;
            _at = at;
        }

        /// <summary>A write whose entry is made.</summary>
        [MethodImpl(PerRowCode.Compile)] // per entry: see Import.PerRowCode
        public static RecordedWrite Of(ChangeEntry entry) => new RecordedWrite(entry, 0, null, default);

        /// <summary>
        /// Whether a write's entry may be made later: an import's created or changed record (see the remarks), unless the
        /// changed record's <paramref name="changes"/> were made already (the undone-work check's: taken as they are, at once).
        /// </summary>
        [MethodImpl(PerRowCode.Compile)] // per entry: see Import.PerRowCode
        public static bool MadeLater(object? before, object? after, ChangeOrigin origin, object? changes) =>
            after != null && origin.Import != null && (before == null || changes == null);

        /// <summary>A device an import created (<paramref name="before"/> null) or changed, its entry made later (<see cref="MadeLater"/> holds).</summary>
        [MethodImpl(PerRowCode.Compile)] // per entry: see Import.PerRowCode
        public static RecordedWrite Later(Device? before, Device after, long subjectKey, ChangeOrigin origin, DateTimeOffset at) =>
            new RecordedWrite(after, subjectKey, origin, at, before);

        /// <summary>A user an import created (<paramref name="before"/> null) or changed, its entry made later (<see cref="MadeLater"/> holds).</summary>
        [MethodImpl(PerRowCode.Compile)] // per entry: see Import.PerRowCode
        public static RecordedWrite Later(User? before, User after, long subjectKey, ChangeOrigin origin, DateTimeOffset at) =>
            new RecordedWrite(after, subjectKey, origin, at, before);

        /// <summary>
        /// The write's entry: the one made, or the created or changed record's, made now (null only for a changed record
        /// whose diff found nothing the history records).
        /// </summary>
        [MethodImpl(PerRowCode.Compile)] // per entry: see Import.PerRowCode
        public ChangeEntry? Entry(ChangeActor actor) => _made switch
        {
            ChangeEntry entry => entry,
            Device device when _before is Device before => ChangeDiff.ForDevice(before, device, _subjectKey, _origin!, _at, actor),
            Device device => ChangeDiff.ForCreated(device, _subjectKey, _origin!, _at, actor),
            User user when _before is User before => ChangeDiff.ForUser(before, user, _subjectKey, _origin!, _at, actor),
            _ => ChangeDiff.ForCreated((User)_made, _subjectKey, _origin!, _at, actor),
        };

        /// <summary>The entries of <paramref name="writes"/>, in their order; a changed record's that records nothing left out (so maybe none).</summary>
        [MethodImpl(PerRowCode.Compile)] // per batch of entries (an import: a thousand): see Import.PerRowCode
        public static ChangeEntry[] Entries(ReadOnlySpan<RecordedWrite> writes, ChangeActor actor)
        {
            var entries = new ChangeEntry[writes.Length];
            int count = 0;
            for (int i = 0; i < writes.Length; i++)
            {
                if (writes[i].Entry(actor) is ChangeEntry entry)
                {
                    entries[count++] = entry;
                }
            }

            if (count < entries.Length)
            {
                Array.Resize(ref entries, count);
            }

            return entries;
        }
    }
}
