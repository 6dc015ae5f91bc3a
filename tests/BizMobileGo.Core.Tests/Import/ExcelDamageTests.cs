using System;
using BizMobileGo.Core.Devices;
using BizMobileGo.Core.Errors;
using BizMobileGo.Core.Import;
using Xunit;

namespace BizMobileGo.Core.Tests.Import
{
    /// <summary>
    /// Two of Excel's damages the planner now says more of (walkthrough 23): a Code from a file that only lost its leading
    /// zeros is refused, not warned of and stored (finding 3); Excel's ="..." text formula in a free-text field is kept and
    /// warned of with the format fields' hint, a new user's UserName first of all (finding 6).
    /// </summary>
    public class ExcelDamageTests : IDisposable
    {
        private const string Hint = "looks like Excel's =\"...\" text formula, which a CSV keeps as typed: give the value alone, without the = and the quotes";

        private readonly StoreFixture _fx = new StoreFixture();

        public ExcelDamageTests()
        {
            _fx.ImportOk(StoreFixture.Csv("UserName,Identifier,OS,Code,DisplayName", "yamada,PAD1,ios,0123456,Pad"));
        }

        public void Dispose() => _fx.Dispose();

        [Fact]
        public void AFileCodeThatOnlyLostItsLeadingZerosIsRefusedNamingNeitherCode()
        {
            string before = _fx.Snapshot();
            ImportOutcome outcome = _fx.Import(StoreFixture.Csv("Identifier,Code", "PAD1,123456"));
            ImportRowResult row = outcome.Line(2);
            RecordError error = Assert.Single(row.GetErrors());
            Assert.Equal(ErrorIds.InvalidFieldValue, error.ErrorId);
            Assert.Equal(BmgErrorCategory.InvalidData, error.Category);
            Assert.Equal("Code", error.Field);
            Assert.Null(error.Value);
            Assert.Contains("it is the device's code without its leading zeros (neither code is shown)", error.Message);
            Assert.Contains(LeadingZeros.ExcelHowToKeep, error.Message);
            Assert.EndsWith("To change the code on purpose, use Set-BmgDevice -Identifier 'PAD1' -Code.", error.Message);
            Assert.DoesNotContain("123456", error.Message);
            Assert.False(outcome.Summary.Committed);
            Assert.Equal(before, _fx.Snapshot());
        }

        [Fact]
        public void AShortCodeThatOnlyLostItsLeadingZerosGetsItsErrorAloneNotTheShortCodeWarningFirst()
        {
            _fx.ImportOk(StoreFixture.Csv("Identifier,OS,Code", "PAD3,ios,00123"));
            ImportRowResult row = _fx.Import(StoreFixture.Csv("Identifier,Code", "PAD3,123")).Line(2);
            Assert.Equal(ErrorIds.InvalidFieldValue, Assert.Single(row.GetErrors()).ErrorId);
            Assert.Empty(row.GetWarnings());

            // Typed, the change is made on purpose: both warnings, the code is short and it only lost its zeros.
            var values = new FieldValues { [FieldKey.Code] = "123" };
            values.MarkTyped(FieldKey.Code);
            RecordPlan<Device> plan = DeviceEditor.Edit(_fx.Store, "PAD3", values, _ => true);
            Assert.Equal(2, plan.Warnings.Count);
            Assert.Contains(plan.Warnings, w => w.StartsWith("The Code given for device 'PAD3' has 3 characters", StringComparison.Ordinal));
            Assert.Contains(plan.Warnings, w => w.StartsWith("Code of device 'PAD3' changes only by dropping its leading zeros", StringComparison.Ordinal));
        }

        [Theory]
        [InlineData("0123457")]  // another code
        [InlineData("0123456")]  // the same
        [InlineData("23456")]    // more than the zeros lost: not Excel's
        public void AnyOtherCodeIsTakenAsBefore(string code)
        {
            ImportOutcome outcome = _fx.Import(StoreFixture.Csv("Identifier,Code", "PAD1," + code));
            Assert.False(outcome.Line(2).Failed);
            Assert.Equal(code, _fx.Device("PAD1").PlainCode);
        }

        [Fact]
        public void ATypedCodeIsAChangeOnPurposeWarnedOfAndApplied()
        {
            var values = new FieldValues { [FieldKey.Code] = "123456" };
            values.MarkTyped(FieldKey.Code);
            RecordPlan<Device> plan = DeviceEditor.Edit(_fx.Store, "PAD1", values, _ => true);
            Assert.StartsWith("Code of device 'PAD1' changes only by dropping its leading zeros", Assert.Single(plan.Warnings));
            Assert.Equal("123456", _fx.Device("PAD1").PlainCode);
        }

        [Fact]
        public void ANewUsersFormulaUserNameIsWarnedOfAndKept()
        {
            ImportRowResult row = _fx.ImportOk(StoreFixture.Csv("UserName,Identifier,OS", "\"=\"\"0456\"\"\",PAD2,ios")).Line(2);
            Assert.Equal("UserName '=\"0456\"' of the new user " + Hint + "; the user is created with that name, and a later row that gives " +
                "the name alone makes another user.", Assert.Single(row.GetWarnings()));
            Assert.Equal("=\"0456\"", _fx.Device("PAD2").UserName);

            // Named again: the user exists, and is not warned of again.
            Assert.Empty(_fx.ImportOk(StoreFixture.Csv("UserName,Identifier", "\"=\"\"0456\"\"\",PAD2")).Line(2).GetWarnings());
        }

        [Theory]
        [InlineData("DisplayName", "device 'PAD1'")]
        [InlineData("Description", "device 'PAD1'")]
        [InlineData("Name", "user 'yamada'")]
        [InlineData("UserDescription", "user 'yamada'")]
        public void AFreeTextValueSetToTheFormulaIsWarnedOfOnceAndKept(string field, string record)
        {
            string csv = StoreFixture.Csv("UserName,Identifier," + field, "yamada,PAD1,\"=\"\"0099\"\"\"");
            ImportRowResult row = _fx.ImportOk(csv).Line(2);
            Assert.Equal($"{field} '=\"0099\"' of {record} {Hint}; it is stored as given.", Assert.Single(row.GetWarnings()));
            Assert.Empty(_fx.ImportOk(csv).Line(2).GetWarnings());
        }

        [Theory]
        [InlineData("=0099")]
        [InlineData("=\"00\"99\"")]
        [InlineData("\"0099\"")]
        public void AValueThatOnlyResemblesItSaysNothing(string text)
        {
            string csv = StoreFixture.Csv("Identifier,DisplayName", "PAD1,\"" + text.Replace("\"", "\"\"") + "\"");
            Assert.Empty(_fx.ImportOk(csv).Line(2).GetWarnings());
            Assert.Equal(text, _fx.Device("PAD1").DisplayName);
        }
    }
}
