using System.Security.Cryptography;
using AetherFS.Core.Blocks;

namespace AetherFS.Core.Tests.Blocks;

public sealed class PooledBlockTests
{
    [Fact]
    public void Signature_MatchesComputeAndVerifyDetectsMismatch()
    {
        var data = RandomNumberGenerator.GetBytes(1000);
        using var block = PooledBlock.Copy(data);

        Assert.Equal(BlockSignature.Compute(data), block.Signature);
        Assert.Equal(data, block.Memory.ToArray());
        block.Verify(BlockSignature.Compute(data));
        Assert.Throws<DigestMismatchException>(() => block.Verify(BlockSignature.Compute([1])));
    }

    [Fact]
    public void Memory_IsRefusedAfterDispose()
    {
        var block = PooledBlock.Copy([1, 2, 3]);
        block.Dispose();
        block.Dispose();

        Assert.Throws<ObjectDisposedException>(() => block.Memory);
    }
}
