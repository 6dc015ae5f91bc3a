using BizMobileGo.Core.Fields;

namespace BizMobileGo.Core.Errors
{
    /// <summary>
    /// The one wording of a rename refused before anything is looked up or because its subject is not there, for every
    /// Rename- cmdlet: "Device 'old-01' can't be renamed: …". Renames come from the pipeline too
    /// (<c>Import-Csv renames.csv | Rename-BmgDevice</c>), one error a row and no line number, so each message names both
    /// values of its row, the name now and the new one, and the rule.
    /// </summary>
    public static class RenameRefusal
    {
        /// <summary>
        /// A new name against its rule (InvalidFieldValue). A blank one says so plainly: an empty NewName cell of a renames
        /// file, or a -NewName script block that gave nothing, is a likelier cause than a typed blank.
        /// </summary>
        /// <param name="subject">What is renamed, as messages name it: "Device 'old-01'".</param>
        /// <param name="field">The key the new name becomes: Identifier, UserName, Name, Id.</param>
        public static BmgException InvalidNewName(string subject, string field, string? newName, string rule) =>
            FieldText.TrimOrEmpty(newName).Length == 0
                ? new BmgException(ErrorIds.InvalidFieldValue, BmgErrorCategory.InvalidArgument,
                    $"{subject} can't be renamed: NewName is blank; give the new {field} (-NewName, or the NewName column or property of a piped object).",
                    newName ?? "")
                : new BmgException(ErrorIds.InvalidFieldValue, BmgErrorCategory.InvalidArgument,
                    $"{subject} can't be renamed: NewName '{FieldText.Printable(newName!)}' is not a valid {field}: {rule}.", newName);

        /// <summary>
        /// Another error of the subject (its own not-found error with its ErrorId and hint, a name already taken), told as
        /// the rename it stopped: "Device 'old-99' can't be renamed to 'new-99': no device has the Identifier 'old-99'."
        /// </summary>
        public static BmgException Because(string subject, string newName, BmgException reason) =>
            new BmgException(reason.ErrorId, reason.Category,
                $"{subject} can't be renamed to '{FieldText.Printable(newName)}': {char.ToLowerInvariant(reason.Message[0])}{reason.Message.Substring(1)}",
                reason.Target);
    }
}
