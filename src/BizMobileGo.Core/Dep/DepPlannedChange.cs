using System.Collections.Generic;

namespace BizMobileGo.Core.Dep
{
    public enum DepAction
    {
        Added,
        Updated,
        Unchanged,
        Released,
    }

    /// <summary>What a DEP file does to one serial number, computed before anything is written.</summary>
    public sealed class DepPlannedChange
    {
        internal DepPlannedChange(string serialNumber, DepAction action, DepDevice proposed, IReadOnlyList<string> changes)
        {
            SerialNumber = serialNumber;
            Action = action;
            Proposed = proposed;
            Changes = changes;
        }

        public string SerialNumber { get; }
        public DepAction Action { get; }
        public DepDevice Proposed { get; }

        /// <summary>The fields an update changes.</summary>
        public IReadOnlyList<string> Changes { get; }
    }

}
