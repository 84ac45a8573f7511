using ResNetTab.Anomaly;

namespace ResNetTab.Anomaly.Tests;

public class NpyReaderTests
{
    private static MemoryStream Npy(string header, byte[] payload, byte major = 1)
    {
        var h = System.Text.Encoding.ASCII.GetBytes(header);
        var s = new MemoryStream();
        s.Write([0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', major, 0]);
        s.Write(BitConverter.GetBytes((ushort)h.Length));
        s.Write(h);
        s.Write(payload);
        s.Position = 0;
        return s;
    }

    [Fact]
    public void ReadsAdBenchArchives()
    {
        var (x, y) = TestData.AdBench("6_cardio.npz");
        x.Rows.Should().Be(1831);
        x.Columns.Should().Be(21);
        y.Sum().Should().Be(176);
        var (sat, _) = TestData.AdBench("30_satellite.npz"); // uint8 features
        sat.Columns.Should().Be(36);
    }

    [Fact]
    public void ReadsLittleEndianIntegers()
    {
        var payload = new byte[12];
        BitConverter.GetBytes(-5).CopyTo(payload, 0);
        BitConverter.GetBytes(7).CopyTo(payload, 4);
        BitConverter.GetBytes(9).CopyTo(payload, 8);
        var a = NpyReader.Read(Npy("{'descr': '<i4', 'fortran_order': False, 'shape': (3,), }", payload));
        a.Values.Should().Equal(-5, 7, 9);
        a.Shape.Should().Equal(3);
    }

    [Fact]
    public void FortranOrderMatricesAreTransposedToRowMajor()
    {
        var payload = new byte[6 * 8];
        double[] columnMajor = [1, 4, 2, 5, 3, 6]; // [[1, 2, 3], [4, 5, 6]] stored column by column
        for (int i = 0; i < 6; i++) BitConverter.GetBytes(columnMajor[i]).CopyTo(payload, i * 8);
        var a = NpyReader.Read(Npy("{'descr': '<f8', 'fortran_order': True, 'shape': (2, 3), }", payload));
        a.Values.Should().Equal(1, 2, 3, 4, 5, 6);
        a.Shape2D.Should().Be((2, 3));
    }

    [Fact]
    public void UnsupportedFilesFailClearly()
    {
        var fortran = () => NpyReader.Read(Npy("{'descr': '<f8', 'fortran_order': True, 'shape': (1, 1, 1), }", new byte[8]));
        fortran.Should().Throw<InvalidDataException>().WithMessage("*Fortran-order*");
        var objects = () => NpyReader.Read(Npy("{'descr': '|O', 'fortran_order': False, 'shape': (1,), }", new byte[8]));
        objects.Should().Throw<InvalidDataException>().WithMessage("*unsupported dtype '|O'*");
        var v2 = () => NpyReader.Read(Npy("{'descr': '<f8', 'fortran_order': False, 'shape': (1,), }", new byte[8], major: 2));
        v2.Should().Throw<InvalidDataException>().WithMessage("*version 2.0*");
        var truncated = () => NpyReader.Read(Npy("{'descr': '<f8', 'fortran_order': False, 'shape': (2,), }", new byte[8]));
        truncated.Should().Throw<InvalidDataException>().WithMessage("*truncated*");
    }
}
