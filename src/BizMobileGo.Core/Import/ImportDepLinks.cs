using System.Collections.Generic;
using BizMobileGo.Core.Devices;
using BizMobileGo.Core.Store;

namespace BizMobileGo.Core.Import
{
    /// <summary>
    /// The DEP links an import's rows set (a new device that enrolls through DEP, a DEPMethod or Serial changed), checked by the
    /// rule New-/Set-BmgDevice warn by (<see cref="DeviceEditor.DepLinkWarning(IDeviceStore, RecordPlan{Device})"/>) once the rows
    /// are planned, with one <see cref="DepLinkLookup"/> (a point look-up each for a few devices, one read of Apple's list for
    /// many): a serial Excel turned into a number passes the Serial rule but is not in Apple's list, and the import said
    /// nothing until the check-in was refused (walkthrough 37, finding 2). Said once for the import (<see cref="Warning"/>).
    /// </summary>
    public sealed class ImportDepLinks
    {
        private readonly List<Device> _set = new List<Device>();
        private readonly List<string> _warnings = new List<string>();
        private readonly List<string> _first = new List<string>(BatchedWarning.Named);

        /// <summary>Keeps a planned device whose DEP link the row sets and that may be flagged (it has a DEP serial).</summary>
        internal void Add(RecordPlan<Device> plan)
        {
            if (DeviceDepLink.DepSerialOf(plan.Proposed) != null && DeviceEditor.SetsDepLink(plan))
            {
                _set.Add(plan.Proposed);
            }
        }

        /// <summary>Checks the devices kept, once, inside the import's transaction (the chunk writer done with the store).</summary>
        internal void Check(IDeviceStore store)
        {
            var lookup = new DepLinkLookup(store);
            foreach (Device device in _set)
            {
                if (DeviceEditor.DepLinkWarning(store, device, lookup) is string warning)
                {
                    _warnings.Add(warning);
                    if (_first.Count < BatchedWarning.Named)
                    {
                        _first.Add(device.Identifier);
                    }
                }
            }

            _set.Clear();
        }

        /// <summary>Each flagged device's own warning, in the rows' order (a verbose line each when several are).</summary>
        public IReadOnlyList<string> Each => _warnings;

        /// <summary>
        /// The import's one warning: a single device's in its own words, several as New-/Set-BmgDevice batch them
        /// (<see cref="BatchedWarning"/>); null when no link the rows set is flagged.
        /// </summary>
        public string? Warning(IDeviceStore store) => _warnings.Count switch
        {
            0 => null,
            1 => _warnings[0],
            _ => BatchedWarning.Summary(BatchedWarningKind.DepLink, _warnings.Count, _first, store),
        };
    }
}
