using System;
using System.Runtime.CompilerServices;
using System.Collections.Generic;
using BizMobileGo.Core.Devices;
using BizMobileGo.Core.Fields;
using BizMobileGo.Core.Store;

namespace BizMobileGo.Core.Import
{
    /// <summary>
    /// The DEP links an import's rows set (a new device that enrolls through DEP, a DEPMethod or Serial changed) that check-in
    /// will refuse, by the rule New-/Set-BmgDevice warn by (<see cref="DeviceEditor.DepLinkWarning(IDeviceStore, RecordPlan{Device})"/>):
    /// a serial Excel turned into a number passes the Serial rule but is not in Apple's list, and the import said nothing until
    /// the check-in was refused (walkthrough 37, finding 2). Checked a chunk of rows at a time (<see cref="CheckChunk"/>: one
    /// batched read of the chunk's DEP serials), and only a count, the first devices' names and the only device's warning are
    /// kept: memory holds one chunk's devices, whatever the file's length (issue 12's flat-memory rule; the thirty-seventh
    /// round kept every DEP row's device to the commit, and was reverted). Said once for the import (<see cref="Warning"/>).
    /// </summary>
    public sealed class ImportDepLinks
    {
        // The devices of the chunk being planned whose link the rows set, until the chunk is checked.
        private readonly List<Device> _chunk = new List<Device>();
        // Their DEP serials, for the chunk's one read: one set for every chunk, cleared before each (the read keeps none of it).
        private readonly HashSet<string> _chunkSerials = new HashSet<string>(StringComparer.Ordinal);
        private readonly List<string> _first = new List<string>(BatchedWarning.Named);
        private DepLinkLookup? _lookup;
        private int _flagged;
        // The first flagged device's own warning, said in its words when it stays the only one.
        private string? _firstWarning;

        /// <summary>Keeps a planned device whose DEP link the row sets and that may be flagged (it has a DEP serial), until its chunk is checked.</summary>
        internal void Add(RecordPlan<Device> plan)
        {
            if (DeviceDepLink.DepSerialOf(plan.Proposed) != null && DeviceEditor.SetsDepLink(plan))
            {
                _chunk.Add(plan.Proposed);
            }
        }

        /// <summary>Whether devices of the chunk being planned wait for <see cref="CheckChunk"/>.</summary>
        internal bool ChunkHeld => _chunk.Count != 0;

        /// <summary>
        /// Checks the devices kept since the last check, inside the import's transaction while no other thread uses the store (the
        /// chunk written beside the planning is done): one read of their DEP devices, none when Apple's list is empty (then
        /// each is unlisted, as the edits say it); then forgets them.
        /// </summary>
        [MethodImpl(PerRowCode.Compile)] // per chunk or row of an import: see Import.PerRowCode
        internal void CheckChunk(IDeviceStore store)
        {
            if (_chunk.Count == 0)
            {
                return;
            }

            _lookup ??= new DepLinkLookup(store);
            if (!_lookup.DepListIsEmpty)
            {
                _chunkSerials.Clear();
                foreach (Device device in _chunk)
                {
                    _chunkSerials.Add(DeviceDepLink.DepSerialOf(device)!);
                }

                _lookup.ReadBatch(_chunkSerials);
            }

            foreach (Device device in _chunk)
            {
                if (!DeviceEditor.DepLinkFlagged(device, _lookup, out DeviceDepLink? link))
                {
                    continue;
                }

                // Only the first is worded: 100,000 devices flagged (Apple's list not imported yet) built ~120 MB of lines.
                _firstWarning ??= DeviceEditor.DepLinkWarningLine(store, device, link);
                if (++_flagged <= BatchedWarning.Named)
                {
                    _first.Add(device.Identifier);
                }
            }

            _chunk.Clear();
        }

        /// <summary>
        /// The import's one warning, once its last chunk is checked: a single device's in its own words (New-BmgDevice's), several
        /// as a command changing many devices says them (<see cref="BatchedWarning"/>), or, when Apple's list is empty, as the
        /// link view says that (<see cref="DeviceDepLink.EmptyDepListWarning"/>); null when no link the rows set is flagged.
        /// </summary>
        /// <param name="file">The file imported, which Get-BmgDeviceDepLink -LiteralPath reads for each device's warning; null for piped rows.</param>
        public string? Warning(IDeviceStore store, string? file)
        {
            if (_flagged < 2)
            {
                return _firstWarning;
            }

            if (_lookup!.DepListIsEmpty)
            {
                return DeviceDepLink.EmptyDepListWarning(_flagged, store, "of this import");
            }

            string eachShownBy = file == null
                ? "Get-BmgDeviceDepLink <Identifier> shows each device's."
                : $"Get-BmgDeviceDepLink -LiteralPath '{FieldText.Printable(file).Replace("'", "''")}' shows each device's.";
            return BatchedWarning.Summary(BatchedWarningKind.DepLink, _flagged, _first, store, eachShownBy);
        }
    }
}
