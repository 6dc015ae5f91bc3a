using System;
using System.Collections.Generic;

namespace BizMobileGo.Core.Dep
{
    public enum DepAction
    {
        Added,
        Updated,
        Unchanged,
        Released,

        /// <summary>
        /// A sync response's op_type 'deleted' for a serial the store held no DEP device for: stored as released (so an older
        /// list imported later does not add it, and a check-in with it is refused naming the release), but not counted as
        /// Released, which counts the DEP devices of this MDM that Apple took back.
        /// </summary>
        ReleasedNotHeld,
    }

    /// <summary>What a DEP file does to one serial number, computed before anything is written.</summary>
    public sealed class DepPlannedChange
    {
        internal DepPlannedChange(string serialNumber, DepAction action, DepDevice proposed, IReadOnlyList<string> changes, DateTimeOffset? releasedBefore)
        {
            SerialNumber = serialNumber;
            Action = action;
            Proposed = proposed;
            Changes = changes;
            ReleasedBefore = releasedBefore;
        }

        public string SerialNumber { get; }
        public DepAction Action { get; }
        public DepDevice Proposed { get; }

        /// <summary>The fields an update changes.</summary>
        public IReadOnlyList<string> Changes { get; }

        /// <summary>When the store held the serial released before the file (null: active, or not held).</summary>
        public DateTimeOffset? ReleasedBefore { get; }

        /// <summary>
        /// True for an Unchanged serial whose data Apple sent anew with a later time (<see cref="DepDevice.AsOf"/>): only that time is written.
        /// </summary>
        internal bool MovesAsOf { get; init; }

        /// <summary>True when applying the plan writes the serial's row.</summary>
        internal bool Writes => Action != DepAction.Unchanged || MovesAsOf;

        /// <summary>
        /// True when the file releases the serial or undoes its release: what the change history records for the devices
        /// that use it (<see cref="DepImportPlan.DeviceChanges"/>).
        /// </summary>
        public bool ChangesRelease => Action != DepAction.Unchanged && ReleasedBefore != Proposed.ReleasedAt;
    }

}
