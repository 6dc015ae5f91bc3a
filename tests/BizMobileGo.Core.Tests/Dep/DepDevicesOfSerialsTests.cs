using System.Collections.Generic;
using System.Linq;
using System.Text;
using BizMobileGo.Core.Dep;
using BizMobileGo.Core.Store;
using BizMobileGo.Core.Tests.Import;
using Xunit;

namespace BizMobileGo.Core.Tests.Dep
{
    /// <summary>
    /// Leftovers 19, item 1: Get-BmgDepDevice fed piped serials reads their DEP devices once per batch of records, not Apple's
    /// whole list once per record; each record still gets what the whole list gave it.
    /// </summary>
    public class DepDevicesOfSerialsTests : DepFileStoreTests
    {
        private static string Serial(int i) => $"F9FX{i:D8}";

        private void ImportList(int count, params int[] released)
        {
            var list = new StringBuilder("SerialNumber,Model\n");
            for (int i = 0; i < count; i++)
            {
                list.Append(Serial(i)).Append(",iPhone 15\n");
            }

            Assert.Empty(DepImport.Import(Fx.Store, Write("list.csv", list.ToString()), StoreFixture.T0).Errors);
            if (released.Length != 0)
            {
                Assert.Empty(DepImport.Import(Fx.Store, Write("sync.json", "{\"devices\":[" + string.Join(",", released.Select(i =>
                    "{\"serial_number\":\"" + Serial(i) + "\",\"op_type\":\"deleted\",\"op_date\":\"2026-12-01T12:00:00Z\"}")) + "]}"), StoreFixture.T0).Errors);
            }
        }

        [Fact(DisplayName = "Leftovers 19: 300 piped records' DEP devices come from one batched read, never the whole list nor a serial at a time")]
        public void ABatchOfRecordsIsOneRead()
        {
            ImportList(400, released: 7);
            var records = Enumerable.Range(0, 300).Select(i => new[] { Serial(i) }).ToList();
            var calls = new List<string>();

            DepDevicesOfSerials read = DepDevicesOfSerials.Read(Counting(calls), records.SelectMany(r => r));
            var answers = records.Select(r => string.Join(",", read.Listed(r).Select(d => d.SerialNumber))).ToList();
            DepDevice? released = read.Stored(Serial(7));

            Assert.Equal(new[] { nameof(IDeviceStore.FindDepDevices) }, calls);
            Assert.Equal(records.Select(r => r[0] == Serial(7) ? "" : r[0]).ToList(), answers);
            Assert.NotNull(released!.ReleasedAt);
            Assert.Null(read.Stored("F9FXZZZZZZZZ"));
        }

        [Fact(DisplayName = "Leftovers 19: a record's serials give its listed DEP devices once each, by serial number, as the whole list gave them; a released one is not listed")]
        public void ARecordGetsWhatTheWholeListGaveIt()
        {
            ImportList(5, released: 3);
            string[] record = { Serial(4), Serial(1), Serial(4), Serial(3), "F9FXZZZZZZZZ", Serial(0) };
            DepDevicesOfSerials read = DepDevicesOfSerials.Read(Fx.Store, record);

            List<DepDevice> listed = read.Listed(record);

            var fromWholeList = Fx.Store.GetDepDevices().Where(d => record.Contains(d.SerialNumber)).ToList();
            Assert.Equal(new[] { Serial(0), Serial(1), Serial(4) }, listed.Select(d => d.SerialNumber));
            Assert.Equal(fromWholeList.Select(d => (d.SerialNumber, d.Model, d.Identifier)), listed.Select(d => (d.SerialNumber, d.Model, d.Identifier)));
            Assert.Empty(read.Listed(new string[0]));
        }

        [Fact(DisplayName = "left34c: with releasedToo (Remove-BmgDepDevice) a record's released serials are listed too, once each, in the serials' order among the others")]
        public void ReleasedOnesAreListedWhenAsked()
        {
            ImportList(5, released: 3);
            string[] record = { Serial(4), Serial(3), Serial(1), Serial(3), "F9FXZZZZZZZZ" };
            DepDevicesOfSerials read = DepDevicesOfSerials.Read(Fx.Store, record);

            List<DepDevice> listed = read.Listed(record, releasedToo: true);

            Assert.Equal(new[] { Serial(1), Serial(3), Serial(4) }, listed.Select(d => d.SerialNumber));
            Assert.NotNull(listed[1].ReleasedAt);
            Assert.Equal(new[] { Serial(1), Serial(4) }, read.Listed(record).Select(d => d.SerialNumber));
        }

        [Fact(DisplayName = "depremove: a DEP device the caller deleted since the read is neither listed nor stored for later records, as the store now answers")]
        public void ADeletedDeviceIsGoneForLaterRecords()
        {
            ImportList(3);
            string[] record = { Serial(0), Serial(1), Serial(2) };
            DepDevicesOfSerials read = DepDevicesOfSerials.Read(Fx.Store, record);
            Fx.Store.DeleteDepDevice(Serial(1));

            read.Deleted(Serial(1));

            Assert.Equal(new[] { Serial(0), Serial(2) }, read.Listed(record).Select(d => d.SerialNumber));
            Assert.Null(read.Stored(Serial(1)));
            Assert.Equal(Fx.Store.GetDepDevice(Serial(1)), read.Stored(Serial(1)));
            Assert.NotNull(read.Stored(Serial(2)));
        }
    }
}
