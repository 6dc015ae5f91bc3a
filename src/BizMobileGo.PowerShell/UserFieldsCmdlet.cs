using System.Management.Automation;
using BizMobileGo.Core.Users;

namespace BizMobileGo.PowerShell
{
    /// <summary>
    /// The user fields Set-BmgUser takes, named like the CSV columns; $null or "" clears. Parameters only, never bound
    /// from a piped object's properties: a piped User (or any record) selects users by UserName, and re-applying its
    /// other properties would write back values read earlier over changes made since. New-BmgUser declares the same
    /// fields bound by property name (NewBmgUserCommand).
    /// </summary>
    public abstract class UserFieldsCmdlet : FieldEditCmdlet
    {
        protected override string FieldKind => "user";

        [Parameter]
        [NoScriptBlock(Edits = FieldEdit.User)]
        [AllowNull]
        [AllowEmptyString]
        [ValueNotObject(nameof(Name))]
        public string? Name { get; set; }

        [Parameter]
        [NoScriptBlock(Edits = FieldEdit.User)]
        [AllowNull]
        [AllowEmptyString]
        [ValueNotObject(nameof(EmailAddress))]
        public string? EmailAddress { get; set; }

        [Parameter]
        [NoScriptBlock(Edits = FieldEdit.User)]
        [AllowNull]
        [AllowEmptyString]
        [ValueNotObject(nameof(UserDescription))]
        public string? UserDescription { get; set; }

        /// <summary>The parameter set of the whole organization list (-Organizations), and of every call without one.</summary>
        protected const string WholeOrganizationListSet = "WholeOrganizationList";

        /// <summary>The parameter set of -AddOrganization/-RemoveOrganization, which -Organizations (the whole list) is not in.</summary>
        protected const string OrganizationEditSet = "OrganizationEdit";

        /// <summary>Organization ids, in order; $null or @() removes them all.</summary>
        [Parameter(ParameterSetName = WholeOrganizationListSet)]
        [NoScriptBlock(Edits = FieldEdit.User)]
        [AllowNull]
        [AllowEmptyCollection]
        [ArgumentCompleter(typeof(OrganizationCompleter))]
        [ValueNotObject(nameof(Organizations), NamesOf = typeof(Organization), HashtableToListRefusal = true)]
        public string[]? Organizations { get; set; }

        /// <summary>Organization ids to add to each user's list, at its end; one the user has changes nothing (NameListEdit).</summary>
        [Parameter(ParameterSetName = OrganizationEditSet)]
        [NoScriptBlock]
        [ArgumentCompleter(typeof(OrganizationCompleter))]
        [ValueNotObject(nameof(AddOrganization), NamesOf = typeof(Organization))]
        public string[]? AddOrganization { get; set; }

        /// <summary>Organization ids to remove from each user's list; one the user lacks changes nothing (NameListEdit).</summary>
        [Parameter(ParameterSetName = OrganizationEditSet)]
        [NoScriptBlock]
        [ArgumentCompleter(typeof(HeldOrganizationCompleter))]
        [ValueNotObject(nameof(RemoveOrganization), NamesOf = typeof(Organization))]
        public string[]? RemoveOrganization { get; set; }
    }
}
