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
    /// user or device an import created, what that entry is made of, so that <see cref="ChangeDiff"/> runs where the batch
    /// is linked: on the hashing thread for an import's batches, off the writing thread, which is a first import's
    /// slowest (its diffs of 100,000 new records were the history's largest part there, PERFORMANCE.md, thirty-fourth round).
    /// </summary>
    /// <remarks>
    /// Only an import's created records wait as their state: the import's planner makes each of them itself and never
    /// changes it after it is written (a later row of the same record plans a clone), and a created record always has
    /// an entry, so a batch counts its entries before they are made. Any other write's state may be the caller's object,
    /// which could change before the batch is linked: its entry is made at once.
    /// </remarks>
    internal readonly struct RecordedWrite
    {
        // The entry made, or the created Device or User it is made of.
        private readonly object _made;
        private readonly long _subjectKey;
        private readonly ChangeOrigin? _origin;
        private readonly DateTimeOffset _at;

        [MethodImpl(PerRowCode.Compile)] // per entry: see Import.PerRowCode
        private RecordedWrite(object made, long subjectKey, ChangeOrigin? origin, DateTimeOffset at)
        {
            _made = made;
            _subjectKey = subjectKey;
            _origin = origin;
            _at = at;
        }

        /// <summary>A write whose entry is made.</summary>
        [MethodImpl(PerRowCode.Compile)] // per entry: see Import.PerRowCode
        public static RecordedWrite Of(ChangeEntry entry) => new RecordedWrite(entry, 0, null, default);

        /// <summary>Whether a write's entry may be made later: an import's created record (see the remarks).</summary>
        [MethodImpl(PerRowCode.Compile)] // per entry: see Import.PerRowCode
        public static bool MadeLater(object? before, object? after, ChangeOrigin origin) =>
            before == null && after != null && origin.Import != null;

        /// <summary>A device an import created, its entry made later (<see cref="MadeLater"/> holds).</summary>
        [MethodImpl(PerRowCode.Compile)] // per entry: see Import.PerRowCode
        public static RecordedWrite Created(Device after, long subjectKey, ChangeOrigin origin, DateTimeOffset at) =>
            new RecordedWrite(after, subjectKey, origin, at);

        /// <summary>A user an import created, its entry made later (<see cref="MadeLater"/> holds).</summary>
        [MethodImpl(PerRowCode.Compile)] // per entry: see Import.PerRowCode
        public static RecordedWrite Created(User after, long subjectKey, ChangeOrigin origin, DateTimeOffset at) =>
            new RecordedWrite(after, subjectKey, origin, at);

        /// <summary>The write's entry: the one made, or the created record's, made now (never null: a created record has one).</summary>
        [MethodImpl(PerRowCode.Compile)] // per entry: see Import.PerRowCode
        public ChangeEntry Entry(ChangeActor actor) => _made switch
        {
            ChangeEntry entry => entry,
            Device device => ChangeDiff.ForCreated(device, _subjectKey, _origin!, _at, actor),
            _ => ChangeDiff.ForCreated((User)_made, _subjectKey, _origin!, _at, actor),
        };

        /// <summary>The entries of <paramref name="writes"/>, in their order.</summary>
        [MethodImpl(PerRowCode.Compile)] // per batch of entries (an import: a thousand): see Import.PerRowCode
        public static ChangeEntry[] Entries(ReadOnlySpan<RecordedWrite> writes, ChangeActor actor)
        {
            var entries = new ChangeEntry[writes.Length];
            for (int i = 0; i < writes.Length; i++)
            {
                entries[i] = writes[i].Entry(actor);
            }

            return entries;
        }
    }
}
