using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Xunit;

namespace BizMobileGo.Core.Tests.Reliability
{
    /// <summary>
    /// No SQL statement in src/ is built from values: a string literal that holds SQL may be joined (with + or an
    /// interpolation hole) only with other constants — a 'const string' of the same file, one of another file named by its
    /// class (ImportStatusSql.Sql) or declared in another part of the same partial class, a numeric constant, or
    /// the table/column names that SqliteDeviceStore.Reference picks with a switch over string literals.
    /// </summary>
    public class ParameterizedSqlTests
    {
        private static readonly Regex SqlText = new Regex(@"^\s*(SELECT|INSERT|UPDATE|DELETE|PRAGMA|CREATE|DROP|ALTER|BEGIN|WITH|REPLACE)\b|\b(FROM|WHERE|VALUES|SET)\s", RegexOptions.Compiled);

        private static readonly Regex Hole = new Regex(@"(?<!\{)\{(?<expr>[^{}:]+)(:[^{}]*)?\}(?!\})", RegexOptions.Compiled);

        internal readonly struct Literal
        {
            public Literal(int start, int end, string body, bool interpolated)
            {
                Start = start;
                End = end;
                Body = body;
                Interpolated = interpolated;
            }

            public int Start { get; }
            public int End { get; }
            public string Body { get; }
            public bool Interpolated { get; }
        }

        /// <summary>The string literals of C# source, skipping comments and char literals (holes hold no nested strings in this code base).</summary>
        internal static List<Literal> Literals(string text)
        {
            var literals = new List<Literal>();
            int i = 0;
            while (i < text.Length)
            {
                char c = text[i];
                if (c == '/' && i + 1 < text.Length && text[i + 1] == '/')
                {
                    i = text.IndexOf('\n', i) is int n && n >= 0 ? n : text.Length;
                }
                else if (c == '/' && i + 1 < text.Length && text[i + 1] == '*')
                {
                    i = text.IndexOf("*/", i + 2, StringComparison.Ordinal) is int n && n >= 0 ? n + 2 : text.Length;
                }
                else if (c == '\'')
                {
                    i += text[i + 1] == '\\' ? 4 : 3;
                    while (i < text.Length && text[i - 1] != '\'')
                    {
                        i++;
                    }
                }
                else if (c == '"' || ((c == '$' || c == '@') && i + 1 < text.Length && (text[i + 1] == '"' || ((text[i + 1] == '$' || text[i + 1] == '@') && i + 2 < text.Length && text[i + 2] == '"'))))
                {
                    int start = i;
                    bool verbatim = false, interpolated = false;
                    while (text[i] != '"')
                    {
                        verbatim |= text[i] == '@';
                        interpolated |= text[i] == '$';
                        i++;
                    }

                    i++;
                    var body = new System.Text.StringBuilder();
                    while (i < text.Length)
                    {
                        if (verbatim && text[i] == '"' && i + 1 < text.Length && text[i + 1] == '"')
                        {
                            body.Append('"');
                            i += 2;
                        }
                        else if (!verbatim && text[i] == '\\')
                        {
                            body.Append(text, i, 2);
                            i += 2;
                        }
                        else if (text[i] == '"')
                        {
                            i++;
                            break;
                        }
                        else
                        {
                            body.Append(text[i++]);
                        }
                    }

                    literals.Add(new Literal(start, i, body.ToString(), interpolated));
                }
                else
                {
                    i++;
                }
            }

            return literals;
        }

        /// <summary>Problems in one file's text: SQL literals joined with something that is not a known constant.</summary>
        internal static List<string> Scan(string text, ISet<string>? classConstants = null)
        {
            var problems = new List<string>();
            var constants = new HashSet<string>(
                Regex.Matches(text, @"\bconst\s+(string|int|long)\s+(?<name>\w+)").Cast<Match>().Select(m => m.Groups["name"].Value));
            List<string> classes = ClassesOf(text);
            bool IsConstant(string expr)
            {
                expr = expr.Trim();

                // Another file's constant: Class.Name, or Name declared in another part of a partial class of this file.
                if (classConstants != null && (classConstants.Contains(expr) || classes.Any(c => classConstants.Contains(c + "." + expr))))
                {
                    return true;
                }

                // Arithmetic of constants (BusyTimeoutSeconds * 1000) is a constant.
                string[] terms = Regex.Split(expr, @"\s*[-+*/]\s*");
                if (terms.Length > 1)
                {
                    return terms.All(t => Regex.IsMatch(t, @"^\d+$") || IsConstant(t));
                }

                string last = expr.Split('.').Last();
                if (constants.Contains(expr) || constants.Contains(last) && (expr == last || expr.StartsWith("SqliteSchema.", StringComparison.Ordinal)))
                {
                    return true;
                }

                // SqliteSchema's constants, defined in another file.
                if (expr == "SqliteSchema.ApplicationId" || expr == "SqliteSchema.CurrentVersion")
                {
                    return true;
                }

                // reference.Table / reference.Key: the tuple of literals returned by the Reference(kind) switch.
                if ((expr == "reference.Table" || expr == "reference.Key") && Regex.IsMatch(text,
                        @"Reference\(ReferenceKind kind\)\s*=>\s*kind\s+switch\s*\{(\s*ReferenceKind\.\w+\s*=>\s*\(""\w+"",\s*""\w+"",\s*""[^""]*""(,\s*""\w+"")?\),)+\s*_\s*=>\s*throw"))
                {
                    return true;
                }

                return false;
            }

            List<Literal> literals = Literals(text);
            foreach (Literal literal in literals.Where(l => l.Interpolated))
            {
                string body = literal.Body;
                if (!SqlText.IsMatch(body))
                {
                    continue;
                }

                foreach (Match hole in Hole.Matches(body))
                {
                    if (!IsConstant(hole.Groups["expr"].Value))
                    {
                        problems.Add($"interpolates '{hole.Groups["expr"].Value.Trim()}' into SQL: {Shorten(body)}");
                    }
                }
            }

            // Concatenation: a SQL literal with + on either side, the other operand not a literal or known constant.
            foreach (Literal literal in literals)
            {
                string body = literal.Body;
                if (!SqlText.IsMatch(body))
                {
                    continue;
                }

                string before = text.Substring(0, literal.Start).TrimEnd();
                string after = text.Substring(literal.End).TrimStart();
                if (before.EndsWith("+", StringComparison.Ordinal))
                {
                    string operand = Regex.Match(before.Substring(0, before.Length - 1).TrimEnd(), @"[\w\.\)\]""]+$").Value;
                    if (!operand.EndsWith("\"", StringComparison.Ordinal) && !IsConstant(operand))
                    {
                        problems.Add($"concatenates '{operand}' before SQL: {Shorten(body)}");
                    }
                }

                if (after.StartsWith("+", StringComparison.Ordinal))
                {
                    string operand = Regex.Match(after.Substring(1).TrimStart(), @"^[\w\.\(\[""]+").Value;
                    if (!operand.StartsWith("\"", StringComparison.Ordinal) && !IsConstant(operand))
                    {
                        problems.Add($"concatenates '{operand}' after SQL: {Shorten(body)}");
                    }
                }
            }

            return problems;
        }

        private static List<string> ClassesOf(string text) =>
            Regex.Matches(text, @"\bclass\s+(?<name>\w+)").Cast<Match>().Select(m => m.Groups["name"].Value).ToList();

        /// <summary>Every 'const string/int/long' of the files as Class.Name (the class declared before it in its file).</summary>
        internal static HashSet<string> ClassConstantsOf(IEnumerable<string> texts)
        {
            var found = new HashSet<string>(StringComparer.Ordinal);
            foreach (string text in texts)
            {
                foreach (Match constant in Regex.Matches(text, @"\bconst\s+(string|int|long)\s+(?<name>\w+)"))
                {
                    Match? owner = Regex.Matches(text.Substring(0, constant.Index), @"\bclass\s+(?<name>\w+)").Cast<Match>().LastOrDefault();
                    if (owner != null)
                    {
                        found.Add(owner.Groups["name"].Value + "." + constant.Groups["name"].Value);
                    }
                }
            }

            return found;
        }

        private static string Shorten(string sql) => Regex.Replace(sql, @"\s+", " ").Substring(0, Math.Min(80, Regex.Replace(sql, @"\s+", " ").Length));

        [Fact]
        public void No_statement_in_src_is_built_from_values()
        {
            string root = ReliabilityFigures.RepositoryRoot() ?? throw new InvalidOperationException("repository root not found");
            var files = Directory.EnumerateFiles(Path.Combine(root, "src"), "*.cs", SearchOption.AllDirectories)
                .Where(f => !f.Contains(Path.DirectorySeparatorChar + "obj" + Path.DirectorySeparatorChar, StringComparison.Ordinal)
                            && !f.Contains(Path.DirectorySeparatorChar + "bin" + Path.DirectorySeparatorChar, StringComparison.Ordinal))
                .ToList();
            HashSet<string> classConstants = ClassConstantsOf(files.Select(File.ReadAllText));
            var problems = files.SelectMany(f => Scan(File.ReadAllText(f), classConstants).Select(p => Path.GetFileName(f) + ": " + p)).ToList();
            Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));

            // The scan must have seen the store's SQL at all, or it proves nothing (the store is split by concern into SqliteDeviceStore*.cs).
            string store = string.Join(Environment.NewLine, Directory.EnumerateFiles(Path.Combine(root, "src", "BizMobileGo.Core", "Store"), "SqliteDeviceStore*.cs")
                .Select(File.ReadAllText));
            List<Literal> storeSql = Literals(store).Where(l => SqlText.IsMatch(l.Body)).ToList();
            Assert.True(storeSql.Count(l => l.Interpolated) >= 5, $"only {storeSql.Count(l => l.Interpolated)} interpolated SQL literals found");
            Assert.True(storeSql.Count(l => !l.Interpolated) >= 20, $"only {storeSql.Count(l => !l.Interpolated)} plain SQL literals found");
        }

        [Theory]
        [InlineData("var sql = $\"SELECT * FROM devices WHERE identifier = '{identifier}';\";", "identifier")]
        [InlineData("Run($@\"UPDATE devices SET code = '{device.Code}' WHERE device_id = 1;\", c => { });", "device.Code")]
        [InlineData("Query(\"SELECT name FROM users WHERE user_name = '\" + userName + \"';\", null, r => r);", "userName")]
        [InlineData("string s = prefix + \"DELETE FROM devices WHERE device_id = 1;\";", "prefix")]
        [InlineData("Run($\"DELETE FROM {table} WHERE {key} = $key;\", c => { });", "table")]
        public void The_scan_flags_SQL_built_from_values(string code, string culprit)
        {
            List<string> problems = Scan("class C { void M() { " + code + " } }");
            Assert.Contains(problems, p => p.Contains("'" + culprit + "'", StringComparison.Ordinal));
        }

        [Theory]
        [InlineData("private const string Columns = \"a, b\"; void M() { Run($\"SELECT {Columns} FROM t WHERE k = $key;\"); }")]
        [InlineData("private const string Select = \"SELECT a FROM t \"; void M() { Single(Select + \"WHERE k = $key;\"); }")]
        [InlineData("void M() { Throw($\"The store '{location}' stayed locked\"); }")]
        public void The_scan_allows_constants_and_ignores_messages(string code)
        {
            Assert.Empty(Scan("class C { " + code + " }"));
        }

        [Fact]
        public void The_scan_allows_another_files_constants_by_class_and_in_a_partial_class_but_not_unknown_names()
        {
            HashSet<string> classConstants = ClassConstantsOf(new[]
            {
                "static class Sql { internal const string Status = \"CASE WHEN committed THEN 1 END\"; }",
                "partial class Store { private const string Columns = \"a, b\"; }",
            });
            Assert.Contains("Sql.Status", classConstants);
            Assert.Empty(Scan("partial class Store { void M() { Run(\"SELECT \" + Columns + \" FROM t WHERE \" + Sql.Status + \" = 1;\"); } }", classConstants));
            Assert.Contains(Scan("class Other { void M() { Run(\"SELECT \" + Columns + \" FROM t;\"); } }", classConstants),
                p => p.Contains("'Columns'", StringComparison.Ordinal));
            Assert.Contains(Scan("partial class Store { void M() { Run(\"SELECT a FROM t WHERE \" + Sql.Other + \" = 1;\"); } }", classConstants),
                p => p.Contains("'Sql.Other'", StringComparison.Ordinal));
        }
    }
}
