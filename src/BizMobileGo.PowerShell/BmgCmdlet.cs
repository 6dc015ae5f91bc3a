using System;
using System.Collections.Generic;
using System.IO;
using System.Management.Automation;
using BizMobileGo.Core.Errors;
using BizMobileGo.Core.Store;

namespace BizMobileGo.PowerShell
{
    /// <summary>What every BizMobileGo cmdlet shares: the -Database parameter, the open store, and error records.</summary>
    public abstract class BmgCmdlet : PSCmdlet, IDisposable
    {
        private IDeviceStore? _store;

        /// <summary>The store file; default $env:BMG_DATABASE, else a per-user data file.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? Database { get; set; }

        /// <summary>The store, opened on first use and kept open for the whole pipeline.</summary>
        protected IDeviceStore Store
        {
            get
            {
                if (_store == null)
                {
                    string path = Database != null ? GetUnresolvedProviderPathFromPSPath(Database) : SqliteDeviceStore.DefaultPath();
                    WriteVerbose($"Using the store '{path}'.");
                    try
                    {
                        _store = SqliteDeviceStore.Open(path);
                    }
                    catch (BmgException e)
                    {
                        ThrowTerminatingError(ToErrorRecord(e));
                    }
                    catch (IOException e)
                    {
                        ThrowTerminatingError(new ErrorRecord(e, ErrorIds.StoreOpenFailure, ErrorCategory.OpenError, path));
                    }
                    catch (UnauthorizedAccessException e)
                    {
                        ThrowTerminatingError(new ErrorRecord(e, ErrorIds.StoreOpenFailure, ErrorCategory.PermissionDenied, path));
                    }
                }

                return _store!;
            }
        }

        /// <summary>Runs one item's work; a user-facing failure becomes a non-terminating error and the pipeline goes on.</summary>
        protected void ForItem(Action work)
        {
            try
            {
                work();
            }
            catch (BmgException e) when (!IsStoreWide(e))
            {
                WriteError(ToErrorRecord(e));
            }
            catch (BmgException e)
            {
                ThrowTerminatingError(ToErrorRecord(e));
            }
        }

        /// <summary>A store that can't be used fails every later item too: stop instead of repeating the error.</summary>
        private static bool IsStoreWide(BmgException e) =>
            e.ErrorId == ErrorIds.StoreBusy || e.ErrorId == ErrorIds.StoreNotRecognized ||
            e.ErrorId == ErrorIds.StoreVersionTooNew || e.ErrorId == ErrorIds.StoreOpenFailure;

        protected static ErrorRecord ToErrorRecord(BmgException e) =>
            new ErrorRecord(e, e.ErrorId, ToCategory(e.Category), e.Target);

        protected static ErrorCategory ToCategory(BmgErrorCategory category) =>
            (ErrorCategory)Enum.Parse(typeof(ErrorCategory), category.ToString());

        /// <summary>Items whose key matches one of <paramref name="patterns"/>; an exact name that matches nothing is an error.</summary>
        protected IEnumerable<T> SelectByName<T>(IEnumerable<T> items, string[]? patterns, Func<T, string> key, bool ignoreCase,
            string notFoundErrorId, string kind)
        {
            if (patterns == null || patterns.Length == 0)
            {
                foreach (T item in items)
                {
                    yield return item;
                }

                yield break;
            }

            var options = ignoreCase ? WildcardOptions.IgnoreCase : WildcardOptions.None;
            var wildcards = new List<WildcardPattern>();
            var exact = new List<string>();
            foreach (string pattern in patterns)
            {
                if (WildcardPattern.ContainsWildcardCharacters(pattern))
                {
                    wildcards.Add(new WildcardPattern(pattern, options));
                }
                else
                {
                    exact.Add(pattern);
                }
            }

            var comparison = ignoreCase ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal;
            var found = new HashSet<string>(comparison);
            var exactSet = new HashSet<string>(exact, comparison);
            foreach (T item in items)
            {
                string name = key(item);
                bool matches = exactSet.Contains(name);
                if (matches)
                {
                    found.Add(name);
                }
                else
                {
                    foreach (WildcardPattern wildcard in wildcards)
                    {
                        if (wildcard.IsMatch(name))
                        {
                            matches = true;
                            break;
                        }
                    }
                }

                if (matches)
                {
                    yield return item;
                }
            }

            foreach (string name in exact)
            {
                if (!found.Contains(name))
                {
                    WriteError(new ErrorRecord(new ItemNotFoundException($"No {kind} is named '{name}'."), notFoundErrorId, ErrorCategory.ObjectNotFound, name));
                }
            }
        }

        public void Dispose()
        {
            _store?.Dispose();
            _store = null;
        }
    }
}
