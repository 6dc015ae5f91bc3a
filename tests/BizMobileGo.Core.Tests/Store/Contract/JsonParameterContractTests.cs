using System;
using System.Collections.Generic;
using System.Linq;
using BizMobileGo.Core.Devices;
using BizMobileGo.Core.History;
using BizMobileGo.Core.Store;
using Xunit;

namespace BizMobileGo.Core.Tests.Store.Contract
{
    /// <summary>
    /// Name lists and patterns handed to a store's SQL as one parameter (SQLite: a JSON array json_each unpacks, written by
    /// JsonText; PostgreSQL: a text[]): every name comes back as itself, whatever it holds — quotes, backslashes, control
    /// characters, characters past ASCII and past the BMP, and LIKE's own % _ [ — and no name's text changes what another
    /// selects. Each store kind derives a class saying how to make its store.
    /// </summary>
    public abstract class JsonParameterContractTests : OneStoreContractTests
    {
        /// <summary>Names whose JSON text needs each kind of escape, and names LIKE or GLOB would read as patterns.</summary>
        public static readonly string[] HardNames =
        {
            "O\"Brien",
            @"CONTOSO\alice",
            "\\\"",
            "tab\there\u0001 \u001f end",
            "line\r\nbreak",
            "佐藤 花子",
            "smile \U0001F600",
            "100%_[a-z]*",
            "\u00e9t\u00e9",
        };

        [Fact]
        public void AHistoryQueryForNamesOfEveryKindOfTextFindsEachNamesEntriesAndNoOthers()
        {
            Store.SaveDevice(null, NewDevice("plain"), new ChangeOrigin("New-BmgDevice", changedBy: "plain-user"));
            for (int i = 0; i < HardNames.Length; i++)
            {
                Store.SaveDevice(null, NewDevice("dev-" + i), new ChangeOrigin("New-BmgDevice", changedBy: HardNames[i]));
            }

            var history = (IHistoryStore)Store;
            for (int i = 0; i < HardNames.Length; i++)
            {
                Assert.Equal(new[] { "dev-" + i }, Subjects(history, new[] { HardNames[i] }));
            }

            Assert.Equal(Enumerable.Range(0, HardNames.Length).Select(i => "dev-" + i).OrderBy(s => s, StringComparer.Ordinal),
                Subjects(history, HardNames));
            // As OS users too: the store's own list, matched as it is spelt.
            var byOsUser = new HistoryQuery(SubjectKind.Device) { OsUserNames = HardNames, ChangedByNames = Array.Empty<string>() };
            Assert.Empty(history.Query(byOsUser));
        }

        private static IEnumerable<string> Subjects(IHistoryStore history, IReadOnlyCollection<string> changedBy)
        {
            // No OS user's entries: only those made for one of the names.
            var query = new HistoryQuery(SubjectKind.Device) { OsUserNames = Array.Empty<string>(), ChangedByNames = changedBy };
            return history.Query(query).Select(entry => entry.Subject).OrderBy(s => s, StringComparer.Ordinal).ToList();
        }

        [Fact]
        public void LikePatternsOfEveryKindOfTextSelectOnlyWhatEachSays()
        {
            foreach (string identifier in new[] { "dev_a", "dev-a", "devxa", "other" })
            {
                Store.SaveDevice(null, NewDevice(identifier), ChangeOrigin.Library("tests"));
            }

            // WildcardLike's form: lower-case, backslash the escape of % _ \. The others are texts no identifier holds.
            var patterns = new List<string> { @"dev\_a" };
            patterns.AddRange(HardNames.Select(name => name + "%"));
            patterns.Add(@"dev\\%");
            IReadOnlyList<Device> found = Store.GetDevicesLike(NameSource.DeviceIdentifiers, patterns);
            Assert.Equal(new[] { "dev_a" }, found.Select(d => d.Identifier));

            Assert.Equal(new[] { "dev-a", "dev_a", "devxa" },
                Store.GetDevicesLike(NameSource.DeviceIdentifiers, new[] { "dev_a", "\"%" }).Select(d => d.Identifier).OrderBy(s => s, StringComparer.Ordinal));
        }

        private static Device NewDevice(string identifier) => new Device { Identifier = identifier, PlainCode = "A7K29QX4", OS = "ios" };
    }
}
