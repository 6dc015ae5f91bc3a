using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using BizMobileGo.Core.Fields;
using Xunit;

namespace BizMobileGo.Core.Tests.Reliability
{
    /// <summary>Generated check-in codes: a cryptographically secure source, no look-alikes, no more collisions than chance allows.</summary>
    public class CheckInCodeRandomnessTests
    {
        private const int Draws = 100_000;

        [Fact]
        public void A_hundred_thousand_codes_have_the_length_the_alphabet_and_no_collision_beyond_chance()
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            int collisions = 0;
            var counts = new int[CheckInCode.GeneratedLength, 128];
            for (int i = 0; i < Draws; i++)
            {
                string code = CheckInCode.Generate().Value;
                Assert.Equal(8, code.Length);
                for (int position = 0; position < code.Length; position++)
                {
                    char c = code[position];
                    Assert.True("ABCDEFGHJKMNPQRSTUVWXYZ23456789".IndexOf(c) >= 0, $"'{c}' in '{code}' is not in the alphabet without look-alikes (0 O 1 I L)");
                    counts[position, c]++;
                }

                if (!seen.Add(code))
                {
                    collisions++;
                }
            }

            // 31^8 ≈ 8.5e11 codes: 100,000 draws expect n²/2N ≈ 0.006 collisions; P(≥ 2) ≈ 2e-5 for a fair generator (a
            // limit of 1 failed by chance once in ~60,000 runs), P(≥ 3) ≈ 3e-8.
            Assert.True(collisions <= 2, $"{collisions} collisions among {Draws} codes; a fair generator expects 0.006");

            // Every position uniform over the 31 characters: chi-square with 30 degrees of freedom; 100 is p ≈ 2e-9 (80, p ≈ 2e-6
            // at each of 8 positions, failed by chance once in ~60,000 runs). A generator taking byte % 31 without redrawing
            // puts 8 characters ~9% high: chi-square ≈ 280.
            double expected = Draws / 31.0;
            for (int position = 0; position < CheckInCode.GeneratedLength; position++)
            {
                double chiSquare = CheckInCode.GeneratedAlphabet.Sum(c => Math.Pow(counts[position, c] - expected, 2) / expected);
                Assert.True(chiSquare < 100, $"position {position}: chi-square {chiSquare:F1} over 30 degrees of freedom; the characters are not uniform");
            }

            ReliabilityFigures.Write("checkin-codes", "checkin-codes", Draws, $"{Draws} codes drawn, {collisions} collisions, uniform at every position");
        }

        [Fact]
        public void Codes_come_from_the_cryptographic_generator_and_no_System_Random_is_used_in_the_product()
        {
            string root = ReliabilityFigures.RepositoryRoot() ?? throw new InvalidOperationException("repository root not found");
            string source = File.ReadAllText(Path.Combine(root, "src", "BizMobileGo.Core", "Fields", "CheckInCode.cs"));
            Assert.Matches(@"RandomNumberGenerator\.(Create|Fill|GetInt32|GetBytes)", source);

            foreach (string file in Directory.EnumerateFiles(Path.Combine(root, "src"), "*.cs", SearchOption.AllDirectories))
            {
                string text = File.ReadAllText(file);
                Assert.False(Regex.IsMatch(text, @"new\s+(System\.)?Random\s*\(|Random\.Shared"), $"{file} uses System.Random, which is not cryptographically secure");
            }
        }
    }
}
