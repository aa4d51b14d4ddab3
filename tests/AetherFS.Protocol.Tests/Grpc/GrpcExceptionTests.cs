using AetherFS.Protocol.Grpc;

namespace AetherFS.Protocol.Tests.Grpc;

public sealed class GrpcExceptionTests
{
    [Fact]
    public void Detail_IsTheMessageAloneWhileTheExceptionMessageNamesTheStatus()
    {
        var inner = new IOException("disk on fire");

        var failure = new GrpcException(GrpcStatusCode.NotFound, "dataset 'geo' has no tag 'v2'", inner);

        Assert.Equal(GrpcStatusCode.NotFound, failure.Status);
        Assert.Equal("dataset 'geo' has no tag 'v2'", failure.Detail);
        Assert.Equal("NotFound: dataset 'geo' has no tag 'v2'", failure.Message);
        Assert.Same(inner, failure.InnerException);
    }
}
