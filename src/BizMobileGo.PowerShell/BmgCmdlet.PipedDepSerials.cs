using System;
using System.Collections.Generic;
using BizMobileGo.Core.Dep;
using BizMobileGo.Core.Errors;

namespace BizMobileGo.PowerShell
{
    // Serials piped to Get-BmgDepDevice and Remove-BmgDepDevice: kept a batch at a time and answered from one read of their DEP
    // devices (DepDevicesOfSerials), as SelectBySerial answered each record alone from Apple's whole DEP list.
    public abstract partial class BmgCmdlet
    {
        /// <summary>
        /// The piped records' serials kept until their batch is due (<see cref="PipedBatch"/>): a file of 10,000 serials read
        /// Apple's whole DEP list once a record (197 CPU s for Get-BmgDepDevice).
        /// </summary>
        private protected sealed class PipedDepSerials
        {
            private readonly PipedBatch _batch = new PipedBatch();
            private readonly List<PipedSerial[]> _piped = new List<PipedSerial[]>();

            /// <summary>Keeps a piped record's serials (literal: never patterns); true when the batch is due.</summary>
            public bool Keep(string[] serials)
            {
                _batch.Arrived(_piped.Count, keeps: true);
                _piped.Add(Array.ConvertAll(serials, PipedSerial.Parse));
                return _piped.Count >= _batch.Limit;
            }

            /// <summary>The kept records, in order, now that they are answered; none kept after.</summary>
            public PipedSerial[][] Take()
            {
                PipedSerial[][] records = _piped.ToArray();
                _piped.Clear();
                if (records.Length != 0)
                {
                    _batch.Taken();
                }

                return records;
            }
        }

        /// <summary>
        /// Answers the kept piped records, in order, each as SelectBySerial answered it alone: its invalid serials' errors, then
        /// its serials the list lacks (DepDeviceNotFound, or why: released), then its DEP devices in the list's order, each
        /// given to <paramref name="answer"/>. When <paramref name="answer"/> deleted the DEP device (Remove-BmgDepDevice), a
        /// later record naming it gets DepDeviceNotFound, as the list it read alone would have lacked it. With
        /// <paramref name="releasedToo"/> (Remove-BmgDepDevice), a serial Apple released is answered with its stored DEP device
        /// as a listed one is, in the same order.
        /// </summary>
        private protected void AnswerPiped(PipedDepSerials piped, Func<DepDevice, bool> answer, bool releasedToo = false)
        {
            PipedSerial[][] records = piped.Take();
            if (records.Length == 0)
            {
                return;
            }

            var exact = new List<string>();
            foreach (PipedSerial[] record in records)
            {
                foreach (PipedSerial serial in record)
                {
                    if (serial.Match != null)
                    {
                        exact.Add(serial.Match.Exact!);
                    }
                }
            }

            DepDevicesOfSerials read = DepDevicesOfSerials.Read(Store, exact);
            var matched = new List<string>();
            foreach (PipedSerial[] record in records)
            {
                matched.Clear();
                foreach (PipedSerial serial in record)
                {
                    if (serial.Invalid != null)
                    {
                        WriteError(ToErrorRecord(serial.Invalid));
                    }
                    else
                    {
                        matched.Add(serial.Match!.Exact!);
                    }
                }

                foreach (PipedSerial serial in record)
                {
                    if (serial.Match != null && (read.Stored(serial.Match.Exact!) is not DepDevice stored || (stored.ReleasedAt != null && !releasedToo)))
                    {
                        WriteError(SerialNotFoundRecord(serial.Match, "DepDeviceNotFound", ActiveDepDeviceKind,
                            ReleasedSerial(read.Stored(serial.Match.Exact!), serial.Match.Text, serial.Match.Exact!)));
                    }
                }

                foreach (DepDevice device in read.Listed(matched, releasedToo))
                {
                    if (answer(device))
                    {
                        read.Deleted(device.SerialNumber);
                    }
                }
            }
        }

        /// <summary>A piped serial (literal: never a pattern) read through the serial rule: its match, or why it is invalid.</summary>
        private protected sealed class PipedSerial
        {
            public NameMatch? Match { get; private set; }

            public BmgException? Invalid { get; private set; }

            public static PipedSerial Parse(string text)
            {
                try
                {
                    return new PipedSerial { Match = NameMatch.Serial(text, literal: true) };
                }
                catch (BmgException e)
                {
                    return new PipedSerial { Invalid = e };
                }
            }
        }
    }
}
