using System.Management.Automation;
using BizMobileGo.Core.Fields;
using BizMobileGo.Core.Import;
using BizMobileGo.Core.Users;

namespace BizMobileGo.PowerShell
{
    /// <summary>
    /// Creates one user, with the same rules as an import row. Every field binds from a piped record by property name
    /// too (Import-Csv rows, [pscustomobject]s, another store's User), each record its own user.
    /// </summary>
    /// <remarks>
    /// The fields are declared here, not shared with Set-BmgUser (UserFieldsCmdlet): PowerShell reads a parameter's
    /// pipeline binding from its attribute, and Set-BmgUser must not bind them. Keep the two lists alike (a Pester test
    /// compares them).
    /// </remarks>
    [Cmdlet(VerbsCommon.New, "BmgUser", SupportsShouldProcess = true)]
    [OutputType(typeof(User))]
    public sealed class NewBmgUserCommand : FieldEditCmdlet
    {
        protected override string FieldKind => "user";

        private protected override string? PipelineOnlyInputAdvice =>
            "-InputObject takes only piped records (Import-Csv users.csv | New-BmgUser); give the fields as parameters: -UserName, ...";

        // A blank or null UserName (a blank cell, a JSON null) goes to the field rule, which names the field, instead of
        // PowerShell's "empty string" / "null" binding errors.
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [AllowNull]
        [AllowEmptyString]
        [ValueNotObject(nameof(UserName))]
        public string? UserName { get; set; } = "";

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [AllowNull]
        [AllowEmptyString]
        [ValueNotObject(nameof(Name))]
        public string? Name { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [AllowNull]
        [AllowEmptyString]
        [ValueNotObject(nameof(EmailAddress))]
        public string? EmailAddress { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [AllowNull]
        [AllowEmptyString]
        [ValueNotObject(nameof(UserDescription))]
        public string? UserDescription { get; set; }

        /// <summary>Organization ids, in order: an array, or one '|'-separated text as in a CSV cell.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [AllowNull]
        [AllowEmptyCollection]
        [ArgumentCompleter(typeof(OrganizationCompleter))]
        [ValueNotObject(nameof(Organizations), NamesOf = typeof(Organization), HashtableToListRefusal = true)]
        public string[]? Organizations { get; set; }

        protected override void ProcessRecordCore() => ForItem(() =>
        {
            string userName = KeyGiven(nameof(UserName), UserName);
            WarnOfFieldsNotApplied($"user '{FieldText.Printable(userName)}'");
            bool created = false;
            RecordPlan<User> plan = UserEditor.Create(Store, userName, GivenFields(),
                p => created = WarnThenConfirm(p.Warnings, $"User '{p.Proposed.UserName}'", $"Create ({p.DescribeChanges()})"), Origin, ConfirmMayPrompt);
            if (created)
            {
                WriteObject(plan.Proposed);
            }
        });
    }
}
