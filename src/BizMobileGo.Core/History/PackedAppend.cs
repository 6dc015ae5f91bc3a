using System;
using System.Buffers;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using BizMobileGo.Core.Import;

namespace BizMobileGo.Core.History
{
    /// <summary>
    /// A batch of linked entries as a store keeps them: runs of created records as packs (<see cref="ChangeEntryPack"/>),
    /// every other entry as a row. One rule for every store (SQLite's migration 11, PostgreSQL's migration 5): where the
    /// packs start and end, and what each pack's header columns hold. Pure (no connection): a store runs it off the
    /// writing thread (<see cref="IPreparedHistoryAppend.Prepare"/>).
    /// </summary>
    public sealed class PackedAppend
    {
        [MethodImpl(PerRowCode.Compile)] // per batch of entries (an import: a thousand): see Import.PerRowCode
        private PackedAppend()
        {
        }

        /// <summary>The packs, in chain order.</summary>
        public List<Pack> Packs { get; } = new List<Pack>();

        /// <summary>The entries that stay rows, in chain order.</summary>
        public List<ChangeEntry> Rows { get; } = new List<ChangeEntry>();

        /// <summary>
        /// Splits <paramref name="linked"/> (numbered and hashed) into packs of at least <see cref="ChangeEntryPack.MinEntries"/>
        /// entries and rows. <paramref name="rentBlobs"/>: each blob is an array rented from <see cref="ArrayPool{T}.Shared"/>
        /// (its first <see cref="Pack.BlobLength"/> bytes) that the store gives back once it has bound a copy; else an array of
        /// its own, exactly the blob's length (a store that keeps the array until it is sent).
        /// </summary>
        [MethodImpl(PerRowCode.Compile)] // per entry: see Import.PerRowCode
        public static PackedAppend Of(IReadOnlyList<ChangeEntry> linked, bool rentBlobs)
        {
            var split = new PackedAppend();
            long[]? keys = null;
            int next = 0;
            while (next < linked.Count)
            {
                int run = ChangeEntryPack.Run(linked, next, keys ??= new long[linked.Count]);
                if (run < ChangeEntryPack.MinEntries)
                {
                    // Room for every entry left at the first row, not a list that grows seven times: a re-import's changed
                    // records' entries are all rows (200 a batch).
                    if (split.Rows.Capacity == 0)
                    {
                        split.Rows.Capacity = linked.Count - next;
                    }

                    for (int end = next + Math.Max(run, 1); next < end; next++)
                    {
                        split.Rows.Add(linked[next]);
                    }

                    continue;
                }

                ChangeEntry first = linked[next];
                var pack = new Pack
                {
                    FirstSequence = first.Sequence, Count = run, At = first.AtUtc, OsUser = first.OsUser, Host = first.Host,
                    Command = first.Command, ImportId = first.ImportId, PreviousHash = first.PreviousHash, ChangedBy = first.ChangedBy,
                };
                for (int i = next; i < next + run; i++)
                {
                    if (linked[i].SubjectKind == SubjectKind.Device)
                    {
                        pack.FirstDevice ??= keys[i];
                        pack.LastDevice = keys[i];
                    }
                    else
                    {
                        pack.FirstUser ??= keys[i];
                        pack.LastUser = keys[i];
                    }
                }

                if (rentBlobs)
                {
                    pack.Blob = ChangeEntryPack.EncodeRented(linked, next, run, keys, out pack.BlobLength);
                }
                else
                {
                    pack.Blob = ChangeEntryPack.Encode(linked, next, run, keys);
                    pack.BlobLength = pack.Blob.Length;
                }

                split.Packs.Add(pack);
                next += run;
            }

            ChangeEntryPack.LinkedFields.Forget();
            return split;
        }

        /// <summary>
        /// One pack as its row holds it: the header values of its first entry, each kind's first and last key (null: none of
        /// that kind) and its blob, not its entries, so what waits to be written is a few objects a batch.
        /// </summary>
        public sealed class Pack
        {
            public long FirstSequence;
            public int Count;
            public DateTimeOffset At;
            public string OsUser = "";
            public string Host = "";
            public string Command = "";
            public long? ImportId;
            public string PreviousHash = "";
            public string ChangedBy = "";
            public long? FirstUser;
            public long? LastUser;
            public long? FirstDevice;
            public long? LastDevice;
            public byte[] Blob = Array.Empty<byte>();
            public int BlobLength;

            // Its fields' initial values are set here: made once a pack.
            [MethodImpl(PerRowCode.Compile)] // per pack (an import: a thousand): see Import.PerRowCode
            public Pack()
            {
            }

            public long LastSequence => FirstSequence + Count - 1;
        }
    }
}
