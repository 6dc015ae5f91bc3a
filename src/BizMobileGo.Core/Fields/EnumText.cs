namespace BizMobileGo.Core.Fields
{
    /// <summary>How .NET reads the text of an enum value, where that matters to the module.</summary>
    public static class EnumText
    {
        /// <summary>
        /// Whether <see cref="System.Enum.Parse(System.Type, string)"/> would read the text (or a part of a comma list) as a
        /// number rather than a name: a part that starts, after white space, with a digit or a sign. PowerShell converts text
        /// to an enum the same way, so '1' binds as the member numbered 1 — which is why the module refuses such text where a
        /// name is wanted: the numbers changed when the output enums were renumbered from 1 (README, "No enum a command
        /// outputs has a member at 0").
        /// </summary>
        public static bool IsNumber(string text)
        {
            foreach (string part in text.Split(','))
            {
                string trimmed = part.Trim();
                if (trimmed.Length > 0 && (char.IsDigit(trimmed[0]) || trimmed[0] == '-' || trimmed[0] == '+'))
                {
                    return true;
                }
            }

            return false;
        }
    
        /// <summary>
        /// Reads <paramref name="text"/> as one member's name, exactly as written (case and all): not a number, not a comma
        /// list (Enum.Parse adds a list's members up into another member: 'Created,Changed' is Removed), not a name with
        /// white space about it. What the module wrote by name is read back only as that name.
        /// </summary>
        public static bool TryParseName<T>(string text, out T value) where T : struct, System.Enum
        {
            foreach (string name in System.Enum.GetNames(typeof(T)))
            {
                if (string.Equals(name, text, System.StringComparison.Ordinal))
                {
                    value = (T)System.Enum.Parse(typeof(T), name);
                    return true;
                }
            }

            value = default;
            return false;
        }
    }
}
