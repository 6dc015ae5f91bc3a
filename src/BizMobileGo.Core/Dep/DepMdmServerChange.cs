using System;
using System.Collections.Generic;
using System.Linq;
using BizMobileGo.Core.Errors;
using BizMobileGo.Core.Fields;
using BizMobileGo.Core.Text;

namespace BizMobileGo.Core.Dep
{
    /// <summary>
    /// An -MdmServer that names a real server of Apple Business Manager's list, but not the one this store's DEP devices are
    /// assigned to (walkthrough 39, 3): a nightly job given the organization's other server ('BizMobile Go! Osaka' for
    /// 'BizMobile Go! Tokyo') released every active DEP device of the store and added the other server's serials, in one
    /// committed run. The store does not record its server; the list says it: the server the list assigns most of the
    /// store's active DEP devices to. When that is another server than -MdmServer's, the file is refused (DepMdmServerChanged)
    /// unless -Force says this MDM really is -MdmServer's now; then it is imported, and a warning says what it released.
    /// An empty store, or one most of whose listed DEP devices the named server holds, imports as before.
    /// </summary>
    internal static class DepMdmServerChange
    {
        /// <param name="ours">The serials of the list's rows of -MdmServer, with what the store held for each (null: none).</param>
        /// <param name="forced">-Force: import anyway, warned.</param>
        internal static void Check(DepFileContent content, DepImportPlan plan, IEnumerable<string> ours, IReadOnlyDictionary<string, DepDevice?> stored, bool forced)
        {
            if (content.MdmServer is not string named)
            {
                return;
            }

            int heldByNamed = ours.Count(serial => stored[serial] is { ReleasedAt: null });
            var released = new HashSet<string>(plan.Changes.Where(c => c.Action == DepAction.Released).Select(c => c.SerialNumber), StringComparer.Ordinal);
            // The skipped rows the plan releases are the store's active DEP devices the list gives to other servers.
            (string Server, int Held) most = content.SkippedRows
                .Where(row => row.Server != null && released.Contains(row.SerialNumber))
                .GroupBy(row => row.Server!, StringComparer.OrdinalIgnoreCase)
                .Select(g => (Server: g.First().Server!, Held: g.Count()))
                .OrderByDescending(g => g.Held)
                .FirstOrDefault();
            if (most.Server == null || most.Held <= heldByNamed)
            {
                return;
            }

            string storeServer = FieldText.Printable(most.Server);
            string given = FieldText.Printable(named);
            int releasing = released.Count;
            int adding = plan.Count(DepAction.Added);
            string what = $"the list assigns {EnglishWords.Number(most.Held)} of the store's active DEP devices to '{storeServer}' "
                + $"and {EnglishWords.Number(heldByNamed)} to '{given}', so importing it as '{given}''s list would release {EnglishWords.Amount(releasing, "active DEP device")}"
                + (adding == 0 ? "" : $" and add {EnglishWords.Amount(adding, "serial")} the store does not hold");
            if (forced)
            {
                plan.Warnings.Add(DepWarning.Said($"-Force: '{content.Source}' was imported as the list of -MdmServer '{given}', although this store's DEP devices were '{storeServer}''s: {what}."));
                return;
            }

            throw BmgException.WithOutcome(ErrorIds.DepMdmServerChanged, BmgErrorCategory.InvalidOperation,
                $"The DEP device file '{content.Source}' can't be imported with -MdmServer '{given}': this store's DEP devices are '{storeServer}''s: {what}. "
                + $"If this store is '{storeServer}''s, import the list with -MdmServer '{storeServer}'; if this MDM really is '{given}' now, add -Force.",
                BmgException.NothingImported, named);
        }
    }
}
