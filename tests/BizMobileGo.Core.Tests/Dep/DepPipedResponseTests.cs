using System;
using BizMobileGo.Core.Dep;
using BizMobileGo.Core.Errors;
using BizMobileGo.Core.Tests.Import;
using Xunit;

namespace BizMobileGo.Core.Tests.Dep
{
    /// <summary>Apple's reply given as JSON text (Import-BmgDepDevice's piped response objects): a saved file's rules, named "piped object N".</summary>
    public class DepPipedResponseTests : IDisposable
    {
        private readonly StoreFixture _fx = new StoreFixture(seed: false);

        public void Dispose() => _fx.Dispose();

        [Fact]
        public void AResponseIsReadAsItsFileIsAndImportedUnderItsSource()
        {
            string source = DepDeviceFile.PipedSource(2);
            DepFileContent content = DepDeviceFile.ReadResponse(
                "{\"devices\":[{\"serial_number\":\"c02xk1abjg5h\",\"model\":\"iPad Air\",\"device_assigned_date\":\"2026-10-28T06:03:11Z\"}],\"cursor\":\"x\"}", source);

            Assert.Equal("piped object 2", content.Source);
            Assert.Equal("Apple device response", content.Format);
            DepImportResult result = DepImport.Import(_fx.Store, content, StoreFixture.T0, null, true, null, false);

            Assert.Empty(result.Errors);
            Assert.Equal("piped object 2", result.Summary.Source);
            Assert.Equal(1, result.Summary.Added);
            DepDevice stored = _fx.Store.GetDepDevice("C02XK1ABJG5H")!;
            Assert.Equal("iPad Air", stored.Model);
            Assert.Equal(new DateTimeOffset(2026, 10, 28, 6, 3, 11, TimeSpan.Zero), stored.DeviceAssignedDate);
        }

        [Fact]
        public void ItsErrorsNameThePipedObjectWhereAFilesNameTheFile()
        {
            string source = DepDeviceFile.PipedSource(1);
            DepFileContent content = DepDeviceFile.ReadResponse("{\"devices\":[{\"serial_number\":\"GOODSERIAL01\"},{\"serial_number\":\"bad!\"}]}", source);

            BmgException error = Assert.Single(content.Errors);
            Assert.Equal(ErrorIds.InvalidFieldValue, error.ErrorId);
            Assert.Equal("Piped object 1, devices[1]: serial_number 'bad!' is not valid: must be 8 to 14 characters of A-Z or 0-9.", error.Message);

            BmgException refused = Assert.Throws<BmgException>(() => DepDeviceFile.ReadResponse("{\"error\":\"EXPIRED_CURSOR\"}", source));
            Assert.Equal(ErrorIds.DepDeviceFileInvalid, refused.ErrorId);
            Assert.StartsWith("Piped object 1 can't be imported: it is Apple's error reply ('EXPIRED_CURSOR')", refused.Message);
        }

        [Fact]
        public void AFileIsStillNamedAsAFile()
        {
            Assert.Equal("The DEP device file '/srv/dep/piped object 1.json'", DepDeviceFile.Named("/srv/dep/piped object 1.json"));
            Assert.Equal("Piped object 3", DepDeviceFile.Named(DepDeviceFile.PipedSource(3)));
        }
    }
}
