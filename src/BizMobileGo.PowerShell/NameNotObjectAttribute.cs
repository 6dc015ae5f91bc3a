using System;
using System.Collections;
using System.Linq;
using System.Management.Automation;
using System.Runtime.CompilerServices;

namespace BizMobileGo.PowerShell
{
    /// <summary>
    /// The one rule for a name or key parameter that takes piped strings by value (-Identifier, -UserName, -Name, -Id of
    /// the Get-, Set-, Remove-, New- and Unregister- cmdlets): a piped object that binds none of its properties would
    /// otherwise become its own text — `Get-BmgTemplate | Get-BmgDevice` looked for the device 'BizMobileGo.Core.Users.Template',
    /// the record [pscustomobject]@{Tag='tagY'} created the tag '@{Tag=tagY}'. Such an object is refused for that record,
    /// naming its type and what the parameter takes; strings, numbers and lists of them still bind.
    /// </summary>
    /// <remarks>
    /// PowerShell gives a piped object to this transformation first (binding by value, before by property name), so it
    /// sees the whole object: one that has the parameter's property is handed back and binds that property by name.
    /// <para>
    /// The module's own objects are told apart by type when <see cref="RecordTypes"/> is given: 'Name' and 'Id' mean
    /// different things on different objects (a user's Name is its display name, an import's Id is no organization), so
    /// only the listed types bind by that property (one refused that has the property is told the ways that work: a Device
    /// piped to Set-BmgUser, "| Get-BmgUser |" or "| ForEach-Object UserName |"). Without it, the property's name says
    /// enough: every object of the module that has an Identifier names a device by it, one with a UserName names a user;
    /// except that a command that changes or removes devices (<see cref="Use"/>) takes only the objects that name the
    /// device it is now, or are it (<see cref="PipedDeviceObjects"/>).
    /// </para>
    /// <para>
    /// A piped file or folder is refused by its own rule (<see cref="PipedFile"/>: a file was piped, and what the parameter
    /// takes), unless the command's -LiteralPath takes it (<see cref="PassOnWith"/>).
    /// </para>
    /// <para>
    /// An object with none of these is refused, unless it has a property that binds another of the command's parameters
    /// (<see cref="NoValueWith"/>, <see cref="PassOnWith"/>).
    /// </para>
    /// <para>
    /// A module object that would bind but whose property is null (a DEP device no device claims has no Identifier) is
    /// refused naming it, rather than selecting nothing without a word. Where no module object is a value at all
    /// (Register-BmgDeviceCheckIn: a check-in is what a device reports), <see cref="ModuleObjectsRefusedBecause"/> says why.
    /// Parameters that took piped objects by property name alone (Get-BmgImportHistory -Id, Rename-* -Name/-Id,
    /// Get-BmgDepProfile -Name, Register-BmgDeviceCheckIn -Identifier) also take them by value so that this rule sees them.
    /// </para>
    /// </remarks>
    [AttributeUsage(AttributeTargets.Property)]
    internal sealed class NameNotObjectAttribute : ArgumentTransformationAttribute
    {
        private readonly string _parameterName;

        /// <param name="parameterName">The parameter guarded, as its refusals name it.</param>
        /// <param name="command">The command it is a parameter of: every refusal names the command a way forward pipes to (left30a:
        /// about two dozen refusals advised "… | …", naming neither the command to read the right objects with nor this one).</param>
        public NameNotObjectAttribute(string parameterName, string command)
        {
            _parameterName = parameterName;
            Command = command;
        }

        /// <summary>The module's types whose <c>parameterName</c> property this parameter takes (null: any of the module's that has it).</summary>
        public Type[]? RecordTypes { get; set; }

        /// <summary>
        /// Properties that bind another parameter beside this one, in every parameter set, and select records on their own
        /// (Get-BmgDevice's -UserName): an object with one of them is no value for this parameter (null) and binds that one.
        /// </summary>
        public string[]? NoValueWith { get; set; }

        /// <summary>
        /// Properties that bind a parameter of another parameter set by name (Get-BmgDeviceDepLink's -Serial, -LiteralPath):
        /// an object with one of them is handed on, and PowerShell binds that one instead.
        /// </summary>
        public string[]? PassOnWith { get; set; }

        /// <summary>
        /// A piped reply of Apple's (<see cref="PipedAppleResponse.IsReply"/>: one of its keys as a property, or as a dictionary's
        /// key) is handed on, to a parameter that takes the whole object by value (Import-BmgDepDevice's -InputObject:
        /// Invoke-RestMethod's output, ConvertFrom-Json -AsHashtable's reply). Only such a parameter: a dictionary binds no
        /// parameter by property name, so one handed on to those became its type's name.
        /// </summary>
        public bool PassOnAppleReplies { get; set; }

        /// <summary>
        /// The parameter's aliases, every one of them (an import summary's HistoryId, a DEP device's ProfileName): an object
        /// that is not the module's binds by one of these as by the parameter's own name (an Import-Csv row with a
        /// HistoryId column), and one of the module's objects that has one there but empty is refused as no key.
        /// </summary>
        public string[]? AliasesBound { get; set; }

        /// <summary>
        /// Properties that name one of the module's objects when its key is empty (a DEP profile known only by its Uuid, a
        /// DEP device's ProfileUuid): the first of them with a value binds as the name instead of refusing the object.
        /// </summary>
        public string[]? WithoutKeyUse { get; set; }

        /// <summary>
        /// Why none of the module's own objects is a value here (Register-BmgDeviceCheckIn: a check-in is what a device
        /// reports, and a Device, DEP link or check-in email is the store's own record, its code included): each one is
        /// refused with this reason, after "A Device object ". Other objects (Import-Csv rows) bind as usual.
        /// </summary>
        public string? ModuleObjectsRefusedBecause { get; set; }

        /// <summary>
        /// What the command does to the device a piped object of the module names (-Identifier without
        /// <see cref="RecordTypes"/>): a command that changes or removes devices takes only some of them (<see cref="PipedDeviceObjects"/>).
        /// </summary>
        public PipedUse Use { get; set; } = PipedUse.Read;

        /// <summary>
        /// The fields the command takes from a piped object's properties besides this key (Set-BmgDeviceDepEnrollment's
        /// DEPMethod and Serial, Register-BmgDeviceCheckIn's reported values). An object that is not the module's and has
        /// a property that reads as a misspelt name of one of them ('SerialNumber', 'Serial Number') is refused when the
        /// command would take that field from it: that property binds nothing, so the command would change the device
        /// without the value the user meant (<see cref="PipedRecordFields.MisspeltFieldsTaken"/>, the rule Set-BmgDevice's
        /// not-applied warning uses). The command refuses it (<see cref="BmgCmdlet.PipedMisspeltFieldsRefusal"/>): only it
        /// knows whether the command line gave the field, or its parameter set takes none (-Disable).
        /// </summary>
        public string[]? FieldsTaken { get; set; }

        /// <summary>
        /// What the command takes piped instead, for any object refused (the module's, an Import-Csv row, a PSCustomObject),
        /// where no property binds this parameter by name (Import-BmgDepDevice's -Path takes piped objects by value alone):
        /// the words after "pipe ". Null: the properties that bind (<see cref="OtherObjectsWithProperty"/>). Round 32: every
        /// such refusal said "rename another column to Path", which for -Path binds nothing.
        /// </summary>
        public string? OtherObjectsTaken { get; set; }

        // The properties by which a piped file is handed on (PipedFile's refusal speaks of files): never a column to rename to.
        private static readonly string[] FileProperties = { "PSPath", "LiteralPath", "LP" };

        /// <summary>
        /// "objects with the property 'UserName' (rename another column …)", naming every property that selects records of the
        /// command from a piped row: the parameter's own name, its aliases bound, and the properties that bind another of its
        /// parameters (Get-BmgDeviceDepLink's 'Serial', 'SerialNumber' and 'Serial Number' of a kitting lead's list, Get-BmgDevice's
        /// 'UserName'), so that the advice fits the command rather than naming one way of several.
        /// </summary>
        private string OtherObjectsWithProperty()
        {
            var names = new[] { _parameterName }.Concat(AliasesBound ?? Array.Empty<string>()).Concat(NoValueWith ?? Array.Empty<string>())
                .Concat((PassOnWith ?? Array.Empty<string>()).Except(FileProperties)).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
            string rename = $"Select-Object @{{n='{_parameterName}'; e={{ ... }}}} | {Command}";
            if (names.Count == 1)
            {
                return $"objects with the property '{_parameterName}' (rename another column with {rename}).";
            }

            string quoted = string.Join(", ", names.Take(names.Count - 1).Select(name => $"'{name}'")) + $" or '{names[names.Count - 1]}'";
            return $"objects with one of the properties {quoted} (rename another column to one of them, as {rename}).";
        }

        /// <summary>The command's name, for the way that works in a refusal ("… | ForEach-Object UserName | Set-BmgUser …").</summary>
        public string Command { get; }

        /// <summary>
        /// The parameter takes numbers (Get-BmgImportHistory -Id), not names: a refusal says "not a number … give the number",
        /// not "not a name … give the name as a string" (walkthrough 18, finding 4).
        /// </summary>
        public bool TakesNumbers { get; set; }

        /// <summary>
        /// The parameter takes a DEP profile's uuid (Set-BmgDepProfile -Uuid), not a name: a refusal says "not a uuid … give
        /// the profile's uuid" (review30b, 6: it said "give the name as a string", which that -Uuid does not take).
        /// </summary>
        public bool TakesUuids { get; set; }

        /// <summary>What the parameter takes, and how to give it, as a refusal words them.</summary>
        private (string What, string Give) Takes =>
            TakesNumbers ? ("a number", "the number")
            : TakesUuids ? ("a uuid", "the profile's uuid as a string (Get-BmgDepProfile lists them)")
            : _parameterName == "Path" ? ("a path", "the file's path as a string")
            : ("a name", "the name as a string");

        // Piped strings are the hot path (Get-BmgDeviceDepLink, Get-BmgDevice: PowerShell calls this once per piped record):
        // decided before anything else is looked at, in a small method optimized at once, so that neither the rules for
        // objects below nor a tiering of this one is compiled in a piped look-up's first second (PipedIdentifiers.HasWork).
        // A string is the key of a piped record (Import-Csv row) when its binding by value noted it: read as a cell (PipedCells).
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData) =>
            inputData is string text ? PipedCells.AsBound(text) : IsNameOrNames(inputData) ? inputData : TransformObject(inputData);

        /// <summary>A piped object that is no name (nor a list of names): handed back to bind by property name, or refused.</summary>
        private object? TransformObject(object? inputData)
        {
            PSObject record = PSObject.AsPSObject(inputData);
            // A Device or User read from a store: the command checks it against its own (PipedStores, PipedFromOtherStore).
            PipedStores.Hold(record);
            if (PipedFile.Is(record) && _parameterName != "Path")
            {
                // A file is no name (Import-BmgDepDevice's -Path aside, which takes files): handed on where the command's
                // -LiteralPath takes it by its PSPath (PassOnWith), else refused saying a file was piped (PipedFile).
                if (HasAny(record, PassOnWith))
                {
                    return new PipedFile.HandedOn(record);
                }

                throw new ArgumentTransformationMetadataException(PipedFile.Refusal(record, _parameterName, RecordTypes, Command));
            }

            bool moduleObject = ModuleObjects.IsOwn(record);
            // A record's values are cells (an export's "'-ipad1" names the device '-ipad1'): noted for their binding by name,
            // whichever of this record's parameters binds it (a record with a UserName and no Identifier binds -UserName).
            if (PipedCells.AreCells(record))
            {
                PipedCells.NoteRecord(record);
            }

            if (moduleObject && ModuleObjectsRefusedBecause != null)
            {
                throw new ArgumentTransformationMetadataException($"{WithArticle(TypeName(record))} object {ModuleObjectsRefusedBecause}");
            }

            // An object that is not the module's (an Import-Csv row) binds by the parameter's name or any of its aliases.
            // A parameter that takes piped objects by value alone (OtherObjectsTaken: Import-BmgDepDevice's -Path) binds no
            // property of the parameter's name: handed back, [pscustomobject]@{Path=...} fell through to -InputObject and was
            // read as one of Apple's replies (review32, 7). It is refused below, told how to pipe its Path.
            if (moduleObject && RecordTypes != null ? IsOneOf(record, RecordTypes) : OtherObjectsTaken == null && KeyProperty(record) != null)
            {
                if (moduleObject && KeyProperty(record) is PSPropertyInfo key && key.Value == null)
                {
                    if (FirstValue(record, WithoutKeyUse) is string otherName)
                    {
                        // A profile imported from a fetch response alone has a Uuid but no Name: the cmdlet selects it by that.
                        return otherName;
                    }

                    // The module's object has the property but no value (a DEP device no device claims has no Identifier):
                    // bound, it would be an empty key that selects nothing without a word.
                    throw new ArgumentTransformationMetadataException(
                        $"{WithArticle(TypeName(record))} object{Naming(record)} has no {key.Name}{WhyNoKey(record)}, so it names nothing for -{_parameterName}.{WhatToDoWithout(record)}");
                }

                if (moduleObject && RecordTypes == null && PipedDeviceObjects.Refusal(record, Use, Command, TypeName(record)) is string refusal)
                {
                    // A history entry piped to Remove-BmgDevice deletes no device by accident: only objects that are the device do.
                    throw new ArgumentTransformationMetadataException(refusal);
                }

                if (!moduleObject && FieldsTaken != null)
                {
                    // An Import-Csv row with Apple's 'SerialNumber' turned DEP on with the device's old serial (walkthrough 16).
                    // Refused by the command, which alone knows whether it takes that field from the row (not with -Disable or -Serial).
                    HoldMisspeltFields(record, PipedCells.AsBound(Unwrapped(KeyProperty(record)?.Value)));
                }

                // Binds its property by name (PowerShell tries this value first, then the property).
                return inputData;
            }

            // The module's own objects of a parameter with RecordTypes are judged by their type alone (a User's UserName binds no template).
            if (!moduleObject || RecordTypes == null)
            {
                if (HasAny(record, NoValueWith))
                {
                    return null;
                }

                if (HasAny(record, PassOnWith) || (PassOnAppleReplies && PipedAppleResponse.IsReply(record)))
                {
                    return inputData;
                }
            }

            throw new ArgumentTransformationMetadataException(
                $"{WithArticle(TypeName(record))} object is not {Takes.What} for -{_parameterName}: "
                + $"give {Takes.Give}, or pipe " + (
                OtherObjectsTaken != null ? OtherObjectsTaken
                : moduleObject && RecordTypes != null ? $"{string.Join(" or ", RecordTypes.Select(recordType => recordType.Name))} objects{ReadWith(RecordTypes)}."
                : moduleObject ? $"objects with the property '{_parameterName}'{ReadWith(_parameterName)}."
                : OtherObjectsWithProperty())
                + (moduleObject && RecordTypes != null ? WayThatWorks(record) : "")
                + (OtherObjectsTaken != null ? TakenFrom(record) : ""));
        }

        /// <summary>
        /// For a parameter that takes piped objects by value alone, what the refused object holds that it would take: its
        /// property of the parameter's name ("ForEach-Object Path"), or, one device of Apple's device response, the reply.
        /// </summary>
        private string TakenFrom(PSObject record) =>
            KeyProperty(record) is PSPropertyInfo key
                ? $" Its {key.Name} is taken as text: … | ForEach-Object {key.Name} | {Command}."
                : PassOnAppleReplies && PipedAppleResponse.IsAppleDevice(record)
                ? $" It is one device of Apple's device response (it has '{BizMobileGo.Core.Dep.DepReplyKeys.DeviceSerial}'): pipe the whole reply, not its devices (Invoke-RestMethod … | {Command})."
                : "";

        /// <summary>
        /// " (Get-BmgTemplate … | Rename-BmgTemplate …)": the commands that read the objects a parameter takes, piped to this
        /// command, so that a refusal names the way that works; nothing for a type no command writes.
        /// </summary>
        private string ReadWith(Type[] recordTypes)
        {
            // The command itself is no way to read them (Get-BmgTemplate given a User is told of no "Get-BmgTemplate | Get-BmgTemplate").
            var readers = recordTypes.Select(type => Producers.TryGetValue(type.Name, out string? reader) && reader != Command ? reader + " …" : null)
                .Where(reader => reader != null).Distinct().ToList();
            return readers.Count == 0 ? "" : $" ({string.Join(" or ", readers)} | {Command} …)";
        }

        /// <summary><see cref="ReadWith(Type[])"/> for a parameter that takes any of the module's objects with its property: those that are its key's.</summary>
        private string ReadWith(string parameterName) =>
            KeyReaders.TryGetValue(parameterName, out string? reader) && reader != Command ? $" ({reader} … | {Command} …)" : "";

        // The command that reads the objects whose key a parameter of that name is (an Identifier names a device).
        private static readonly System.Collections.Generic.Dictionary<string, string> KeyReaders = new System.Collections.Generic.Dictionary<string, string>
        {
            ["Identifier"] = "Get-BmgDevice",
            ["UserName"] = "Get-BmgUser",
            ["SerialNumber"] = "Get-BmgDepDevice",
        };

        /// <summary>
        /// For one of the module's objects refused by type that has the parameter's property (a Device piped to Set-BmgUser,
        /// whose UserName names its user): the ways that work, as PowerShell's own errors show one. Nothing for another.
        /// </summary>
        private string WayThatWorks(PSObject record)
        {
            if (record.Properties[_parameterName] == null || RecordTypes == null)
            {
                return "";
            }

            string type = TypeName(record);
            string from = Producers.TryGetValue(type, out string? producer) ? producer + " … | " : "… | ";
            string to = " " + Command + " …";
            string? getter = _parameterName == "UserName" ? "Get-BmgUser" : _parameterName == "Identifier" ? "Get-BmgDevice" : null;
            string objects = getter == null ? "" : $"the {RecordTypes[0].Name} objects ({from}{getter} |{to}) or ";
            string noun = _parameterName == "UserName" ? "a user" : _parameterName == "Identifier" ? "a device" : "one";
            return $" The {type}'s {_parameterName} names {noun}: pipe {objects}the names ({from}ForEach-Object {_parameterName} |{to}).";
        }

        // The command that writes each of the module's types, for the examples of WayThatWorks.
        private static readonly System.Collections.Generic.Dictionary<string, string> Producers = new System.Collections.Generic.Dictionary<string, string>
        {
            ["Device"] = "Get-BmgDevice",
            ["DeviceDepLink"] = "Get-BmgDeviceDepLink",
            ["DepDevice"] = "Get-BmgDepDevice",
            ["CheckInEmail"] = "Get-BmgCheckInEmail",
            ["ImportRowResult"] = "Import-BmgDeviceCsv -PassThru",
            ["User"] = "Get-BmgUser",
            ["Template"] = "Get-BmgTemplate",
            ["DeviceTag"] = "Get-BmgDeviceTag",
            ["Organization"] = "Get-BmgOrganization",
            ["DepProfile"] = "Get-BmgDepProfile",
            ["ImportHistoryEntry"] = "Get-BmgImportHistory",
            ["ImportSummary"] = "Import-BmgDeviceCsv",
            ["ChangeEntry"] = "Get-BmgDeviceHistory",
        };

        /// <summary>
        /// Holds a piped record's properties named like a misspelt field the command takes, with the words of its refusal,
        /// for the command to refuse the record if it would take those fields from it (<see cref="PipedMisspeltFields"/>).
        /// The refusal names only, never a value (a Code is secret).
        /// </summary>
        /// <param name="key">The record's key as it binds (PipedCells.AsBound): the very object the command's key parameter gets.</param>
        private void HoldMisspeltFields(PSObject record, object? key)
        {
            var misspelt = PipedRecordFields.MisspeltFieldsTaken(record, FieldsTaken!);
            if (misspelt.Count == 0 || key == null)
            {
                PipedMisspeltFields.Clear();
                return;
            }

            string device = $" '{BizMobileGo.Core.Fields.FieldText.Printable(key.ToString() ?? "")}'";
            PipedMisspeltFields.Hold(key, misspelt, taken =>
                $"The piped object for -{_parameterName}{device} is refused, and nothing is changed for it: " +
                $"{Command} takes {string.Join(", ", taken.Select(miss => miss.Field).Distinct())} from a piped object's properties, and " +
                PipedRecordFields.MisspeltFieldsSentence(taken));
        }

        private static object? Unwrapped(object? value) => value is PSObject wrapped ? wrapped.BaseObject : value;

        /// <summary>The property of the object that binds this parameter by name: its own name first, then the aliases listed.</summary>
        private PSPropertyInfo? KeyProperty(PSObject record)
        {
            PSPropertyInfo? property = record.Properties[_parameterName];
            if (property == null && AliasesBound != null)
            {
                foreach (string alias in AliasesBound)
                {
                    if ((property = record.Properties[alias]) != null)
                    {
                        break;
                    }
                }
            }

            return property;
        }

        /// <summary>The text of the first of the properties that has a non-empty value, or null.</summary>
        private static string? FirstValue(PSObject record, string[]? names)
        {
            foreach (string name in names ?? Array.Empty<string>())
            {
                if (record.Properties[name]?.Value is object value && value.ToString() is string text && text.Length != 0)
                {
                    return text;
                }
            }

            return null;
        }

        /// <summary>
        /// ": a -WhatIf run records no history" for the summary of an import run with -WhatIf (its HistoryId is empty for
        /// that reason, not because something went wrong), else nothing.
        /// </summary>
        private static string WhyNoKey(PSObject record) =>
            record.Properties["WhatIf"]?.Value is bool whatIf && whatIf ? ": a -WhatIf run records no history"
            : record.BaseObject is Core.History.ChangeEntry change
                ? $" (entry {change.Sequence}, {change.SubjectKind} '{BizMobileGo.Core.Fields.FieldText.Printable(change.Subject)}' {change.Action} by {change.Command}: no import made it)"
                : "";

        // The module's one a/an rule (EnglishWords), at the start of a sentence.
        private static string WithArticle(string type)
        {
            string text = Core.Text.EnglishWords.WithArticle(type);
            return char.ToUpperInvariant(text[0]) + text.Substring(1);
        }

        // The properties that name one of the module's objects that has no key, in the order looked for: never a Code.
        private static readonly string[] NamingProperties = { "SerialNumber", "Serial", "UserName", "Name", "Id", "Uuid" };

        /// <summary>The object as the user knows it, " 'F9FZX0ABCD01'" (its serial, name or id), or nothing.</summary>
        private static string Naming(PSObject record)
        {
            foreach (string name in NamingProperties)
            {
                if (record.Properties[name]?.Value is object value && value.ToString() is string text && text.Length != 0)
                {
                    return $" '{BizMobileGo.Core.Fields.FieldText.Printable(text)}'";
                }
            }

            return "";
        }

        /// <summary>For a DEP device without a device: how to see whether a device registered its serial.</summary>
        private string WhatToDoWithout(PSObject record) =>
            _parameterName == "Identifier" && record.Properties["SerialNumber"]?.Value is string serial && serial.Length != 0
                ? " No device record claims this DEP device; a device registered with its serial is found by -Serial (Get-BmgDeviceDepLink -Serial, Get-BmgDevice -Serial)."
                : record.BaseObject is Core.History.ChangeEntry
                ? " Pipe only the entries imports made: … | Where-Object ImportId | Get-BmgImportHistory."
                : "";

        private static bool HasAny(PSObject record, string[]? names) => names != null && names.Any(name => record.Properties[name] != null);

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private static bool IsNameOrNames(object? input)
        {
            object? value = input is PSObject wrapped ? wrapped.BaseObject : input;
            switch (value)
            {
                case null:
                case string _:
                    return true;
                case IEnumerable list:
                    foreach (object? item in list)
                    {
                        object? element = item is PSObject wrappedItem ? wrappedItem.BaseObject : item;
                        if (element is IEnumerable && !(element is string) || !IsNameOrNames(element))
                        {
                            return false;
                        }
                    }

                    return true;
                default:
                    // A number (or another value PowerShell writes as itself) is a name; an object with properties is not.
                    return value is IConvertible;
            }
        }

        /// <summary>Whether the object is one of the types, live or read back by Import-Clixml ("Deserialized.BizMobileGo.…").</summary>
        private static bool IsOneOf(PSObject record, Type[] types) =>
            // Of the type or derived from it: a history query's entry is a ChangeEntry of its own type (DeviceHistoryEntry).
            // Only a PSCustomObject (what Import-Clixml gives) has its type names read: reading a live object's PSObject.TypeNames
            // makes a table entry beside it, one a piped object (hq26).
            types.Any(type => type.IsInstanceOfType(record.BaseObject)
                || ModuleObjects.WasReadBackAs(record, type.FullName!));

        /// <summary>The type as the user sees it in a view: Template, DeviceDepLink, PSCustomObject.</summary>
        private static string TypeName(PSObject record)
        {
            if (record.BaseObject is PSCustomObject)
            {
                // Past Select-Object -First's mark: `Import-Clixml d.xml | Select-Object -First 1` is still a Device.
                string? first = ModuleObjects.TypeNameAfterSelectMarks(record);
                return first != null && first.StartsWith(ModuleObjects.DeserializedPrefix, StringComparison.Ordinal)
                    ? first.Substring(first.LastIndexOf('.') + 1)
                    : "PSCustomObject";
            }

            // A history query's entry (DeviceHistoryEntry, UserHistoryEntry) is the ChangeEntry its type name says it is.
            return record.BaseObject is Core.History.ChangeEntry ? nameof(Core.History.ChangeEntry) : record.BaseObject.GetType().Name;
        }
    }
}
