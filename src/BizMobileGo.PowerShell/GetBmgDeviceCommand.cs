using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using BizMobileGo.Core.CheckIn;
using BizMobileGo.Core.Devices;
using BizMobileGo.Core.Users;

namespace BizMobileGo.PowerShell
{
    [Cmdlet(VerbsCommon.Get, "BmgDevice", DefaultParameterSetName = PatternSet)]
    [OutputType(typeof(Device))]
    public sealed class GetBmgDeviceCommand : BmgCmdlet
    {
        private const string PatternSet = "Identifier";
        private const string LiteralSet = "LiteralIdentifier";

        /// <summary>Device identifiers (control numbers); case-insensitive; wildcards allowed.</summary>
        [Parameter(ParameterSetName = PatternSet, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [NameNotObject(nameof(Identifier), "Get-BmgDevice", NoValueWith = new[] { nameof(UserName) })]
        [SupportsWildcards]
        [ArgumentCompleter(typeof(IdentifierCompleter))]
        public string[]? Identifier { get; set; }

        /// <summary>Device identifiers taken exactly as typed: no wildcards, no escapes.</summary>
        [Parameter(ParameterSetName = LiteralSet, Mandatory = true)]
        [NoScriptBlock]
        [ArgumentCompleter(typeof(IdentifierCompleter))]
        public string[] LiteralIdentifier { get; set; } = new string[0];

        [Parameter]
        [NameNotNumber(typeof(DeviceState))]
        public DeviceState[]? State { get; set; }

        /// <summary>Only devices of this user (case-sensitive; wildcards allowed); binds from piped users (Get-BmgUser).</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [PipedCell]
        [SupportsWildcards]
        [ArgumentCompleter(typeof(UserNameCompleter))]
        public string? UserName { get; set; }

        [Parameter]
        [NoScriptBlock]
        [SupportsWildcards]
        [ArgumentCompleter(typeof(TemplateCompleter))]
        public string? Template { get; set; }

        /// <summary>Only devices carrying this tag.</summary>
        [Parameter]
        [NoScriptBlock]
        [SupportsWildcards]
        [ArgumentCompleter(typeof(DeviceTagCompleter))]
        public string? DeviceTag { get; set; }

        /// <summary>Only devices with one of these registered serials (any case; wildcards allowed); a serial no device holds is DeviceNotFound.</summary>
        [Parameter]
        [NoScriptBlock]
        [SupportsWildcards]
        [ArgumentCompleter(typeof(SerialCompleter))]
        public string[]? Serial { get; set; }

        /// <summary>
        /// Only devices whose RegistrationEmail matches (any case; wildcards allowed): the helpdesk's "my e-mail is …". Alone, an
        /// exact address no device has is DeviceNotFound; with identifiers, serials or a user it only filters them.
        /// </summary>
        [Parameter]
        [NoScriptBlock]
        [SupportsWildcards]
        public string[]? RegistrationEmail { get; set; }

        // -RegistrationEmail comes from the command line only: its invalid patterns said once.
        private Lazy<List<NameMatch>?>? _emailFilter;

        /// <summary>
        /// -Identifier $null (or an empty list) on the command line is refused, as Set- and Remove-BmgDevice refuse it; it never
        /// means "all". So is a -Serial of $null, @() or a blank serial: `Get-BmgDevice -Serial $list | Remove-BmgDevice` with an
        /// empty $list must remove nothing.
        /// </summary>
        protected override void BeginProcessingCore()
        {
            if (!MyInvocation.ExpectingInput && MyInvocation.BoundParameters.ContainsKey(nameof(Identifier)) &&
                (Identifier == null || Identifier.Length == 0 || Identifier.Any(id => id == null)))
            {
                ThrowTerminatingError(NoValue(nameof(Identifier), "Give an identifier, a wildcard such as '*', or leave -Identifier out for every device."));
            }

            if (MyInvocation.BoundParameters.ContainsKey(nameof(Serial)) &&
                (Serial == null || Serial.Length == 0 || Serial.Any(string.IsNullOrWhiteSpace)))
            {
                ThrowTerminatingError(NoValue(nameof(Serial), "Give a serial number, a wildcard such as '*', or leave -Serial out for every device."));
            }
        }

        private static ErrorRecord NoValue(string parameterName, string advice) => new ErrorRecord(
            new ParameterBindingException($"Cannot bind argument to parameter '{parameterName}' because it is null, empty or blank. {advice}"),
            "ParameterArgumentValidationErrorNullNotAllowed", ErrorCategory.InvalidData, null);

        protected override void ProcessRecordCore()
        {
            // An exact name that names no user, template or tag is its NotFound error (see Filter). -Template and -DeviceTag
            // come from the command line only, and so does a -UserName not bound from the pipeline: read once, so their
            // error is written once however many records are piped; a piped user name is read with its record.
            bool literal = ParameterSetName == LiteralSet;
            string[]? identifiers = literal ? LiteralIdentifier : Identifier;
            // A row that names its device and has a blank UserName (Export-Csv of a device without a user, read back with
            // Import-Csv) selects that device: the blank cell is no filter, not a user named '' (review, thirteenth round).
            // -Template and -DeviceTag first: decided from the few names of their kind, before any device is read (walkthrough 25,
            // finding 3); one that names nothing selects nothing, and no device is read for it.
            _templateFilter ??= new Lazy<NameMatch?>(() => ReferenceFilter(Template, nameof(Template), ReferenceKind.Template));
            _tagFilter ??= new Lazy<NameMatch?>(() => ReferenceFilter(DeviceTag, nameof(DeviceTag), ReferenceKind.DeviceTag));
            NameMatch? template = _templateFilter.Value;
            NameMatch? tag = _tagFilter.Value;
            bool referenceSelectsNothing = template?.SelectsNothing == true || tag?.SelectsNothing == true;
            bool pipedUserName = FromPipeline(nameof(UserName));
            // Piped identifiers (a list of asset tags, Import-Csv rows) are read a batch at a time, as Get-BmgDeviceDepLink reads
            // them: one statement a batch instead of one a record (walkthrough 33a, finding 2: 1,000 piped identifiers were
            // 1,003 round trips, 37 s at 30 ms). A record whose piped UserName filters its devices is read on its own.
            bool batched = !literal && identifiers != null && FromPipeline(nameof(Identifier)) && (!pipedUserName || string.IsNullOrWhiteSpace(UserName));
            if (!batched)
            {
                // A record read on its own after piped identifiers: theirs go first, in the order piped (and the store is read
                // by one thread at a time: a batch may be being read aside).
                _piped?.TakeAll();
            }

            _devicesOfUserName = null; // a piped record's user is read with its record (a store may change between records)
            NameMatch? userName = pipedUserName && identifiers != null && string.IsNullOrWhiteSpace(UserName) ? null
                : pipedUserName ? UserNameFilter() : (_userNameFilter ??= new Lazy<NameMatch?>(UserNameFilter)).Value;

            // -Serial alone (no identifiers, nothing piped): the devices holding those serials, read by serial rather than by a
            // scan of every device, each missing serial's error at its place. Otherwise -Serial filters the devices selected.
            bool bySerial = Serial != null && identifiers == null && !PipedWithoutKey;
            _emailFilter ??= new Lazy<List<NameMatch>?>(() => EmailMatches(RegistrationEmail, nameof(RegistrationEmail)));
            // -RegistrationEmail alone (no identifiers, serials or user): the devices its addresses may match (the store's filter).
            bool byEmail = _emailFilter.Value != null && identifiers == null && !bySerial && UserName == null && !PipedWithoutKey;
            if (referenceSelectsNothing)
            {
                // Decided before anything else is read (hq26): no device can be written, so no identifier, serial or pattern is
                // looked up for it, and the -Template/-DeviceTag's own error (or nothing, for a pattern that names nothing) is
                // the whole answer. A missing identifier given with it is said once the filter names something.
                return;
            }

            if (Serial != null && !bySerial && _serialSelected == null)
            {
                // -Serial comes from the command line only: read once, its errors written once however many records are piped.
                _serialSelected = new HashSet<string>(FindDevicesBySerial(Serial, literal: false).Select(device => device.Identifier), System.StringComparer.OrdinalIgnoreCase);
            }

            if (batched)
            {
                _pipedFilters = (userName, template, tag);
                _piped ??= new PipedIdentifiers<Device>(ids => _misses.Note(Store, ids, DevicesInOrder.Read(Store, ids)), device => device.Identifier, WritePiped);
                _piped.Add(identifiers);
                if (_piped.HasWork)
                {
                    _piped.Take();
                }

                return;
            }

            // A piped user (Get-BmgUser) binds only UserName: all of that user's devices, read by the user (an index) when the
            // name is exact, not by reading every device per record; a pattern reads the devices of the users its literal start's
            // ranges hold (UserPatternReads). Identifiers or serials given are still looked up (their errors written).
            IEnumerable<Device> devices = byEmail ? SelectByEmail(Core.Users.EmailLookup.DeviceCandidates(Store, _emailFilter.Value!.Select(match => match.Text).ToList()),
                    _emailFilter.Value!, device => device.RegistrationEmail, address => Core.Users.EmailLookup.NoDevice(Store, address))
                : bySerial ? FindDevicesBySerial(Serial!, literal: false)
                : identifiers == null && UserName != null ? (userName?.Exact is string exact ? DevicesOfUser(exact)
                    : userName != null ? UserPatternReads.DevicesOfMatchingUsers(Store, userName.Text, userName.IsMatch) : Store.GetDevices())
                : FindDevices(identifiers, literal, piped: !literal && FromPipeline(nameof(Identifier)));
            foreach (Device device in devices)
            {
                WriteSelected(device, userName, template, tag);
            }
        }

        protected override void EndProcessingCore() => _piped?.TakeAll();

        /// <summary>Stopped early (Ctrl+C, -ErrorAction Stop, a failure): batches still being read aside end before the store is handed back.</summary>
        protected override void CloseOpenWork() => _piped?.Abandon();

        private PipedIdentifiers<Device>? _piped;
        private readonly PipedMisses _misses = new PipedMisses();

        /// <summary>The filters of the piped identifiers kept for a batch: the command line's (a record with its own user filter is not kept).</summary>
        private (NameMatch? UserName, NameMatch? Template, NameMatch? Tag) _pipedFilters;

        /// <summary>A piped identifier's device, in the order piped; one no device has is its DeviceNotFound at its place, as read one by one.</summary>
        private void WritePiped(string identifier, Device? device)
        {
            if (device == null)
            {
                WriteError(ToErrorRecord(_misses.ErrorOf(Store, identifier, _piped!.WaitForReadsAside)));
                return;
            }

            WriteSelected(device, _pipedFilters.UserName, _pipedFilters.Template, _pipedFilters.Tag);
        }

        /// <summary>Writes <paramref name="device"/> when the filters keep it, with its check-in lock-out.</summary>
        private void WriteSelected(Device device, NameMatch? userName, NameMatch? template, NameMatch? tag)
        {
            if ((State == null || System.Array.IndexOf(State, device.State) >= 0)
                && Matches(userName, device.UserName)
                && Matches(template, device.Template)
                && (tag == null || device.DeviceTags.Any(tag.IsMatch))
                && (_serialSelected == null || _serialSelected.Contains(device.Identifier))
                && EmailMatch(_emailFilter?.Value, device.RegistrationEmail))
            {
                if (_lockedOut == null)
                {
                    // Read once for the command: where an admin looks when a user says the check-in is refused. Not while a
                    // batch is read aside (one thread uses the store).
                    _piped?.WaitForReadsAside();
                    _lockedOut = CheckInLockout.Current(Store, System.DateTimeOffset.UtcNow);
                }

                if (_lockedOut.TryGetValue(device.Identifier, out System.DateTimeOffset lockedUntil))
                {
                    device.CheckInLockedUntil = lockedUntil;
                }

                WriteObject(device);
            }
        }

        private IReadOnlyDictionary<string, System.DateTimeOffset>? _lockedOut;

        private Lazy<NameMatch?>? _userNameFilter;
        private Lazy<NameMatch?>? _templateFilter;
        private Lazy<NameMatch?>? _tagFilter;

        private NameMatch? UserNameFilter() => Filter(UserName, nameof(UserName), ignoreCase: false, IsUserName,
            name => UserEditor.NotFound(Store, name));

        // The devices of one exact user name, kept for the record: asking whether the name is a user reads them first, so a user
        // with devices is one statement a piped record (its devices prove it exists), and the selection below reads them again
        // from here, not from the store.
        private string? _devicesOfUserName;
        private IReadOnlyList<Device> _devicesOfUser = System.Array.Empty<Device>();

        private IReadOnlyList<Device> DevicesOfUser(string userName)
        {
            if (!string.Equals(_devicesOfUserName, userName, System.StringComparison.Ordinal))
            {
                _devicesOfUser = Store.GetDevicesOfUser(userName);
                _devicesOfUserName = userName;
            }

            return _devicesOfUser;
        }

        private bool IsUserName(string name) => DevicesOfUser(name).Count != 0 || Store.GetUser(name) != null;

        /// <summary>The identifiers of the devices -Serial selects, when it filters identifiers or piped records.</summary>
        private HashSet<string>? _serialSelected;

        private static bool Matches(NameMatch? filter, string? value) => filter == null || filter.IsMatch(value);
    }
}
