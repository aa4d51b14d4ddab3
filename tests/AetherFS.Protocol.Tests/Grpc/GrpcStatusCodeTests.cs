using AetherFS.Protocol.Grpc;

namespace AetherFS.Protocol.Tests.Grpc;

public sealed class GrpcStatusCodeTests
{
    [Theory]
    [InlineData(GrpcStatusCode.OK, 0)]
    [InlineData(GrpcStatusCode.Cancelled, 1)]
    [InlineData(GrpcStatusCode.Unknown, 2)]
    [InlineData(GrpcStatusCode.InvalidArgument, 3)]
    [InlineData(GrpcStatusCode.DeadlineExceeded, 4)]
    [InlineData(GrpcStatusCode.NotFound, 5)]
    [InlineData(GrpcStatusCode.AlreadyExists, 6)]
    [InlineData(GrpcStatusCode.PermissionDenied, 7)]
    [InlineData(GrpcStatusCode.ResourceExhausted, 8)]
    [InlineData(GrpcStatusCode.FailedPrecondition, 9)]
    [InlineData(GrpcStatusCode.Aborted, 10)]
    [InlineData(GrpcStatusCode.OutOfRange, 11)]
    [InlineData(GrpcStatusCode.Unimplemented, 12)]
    [InlineData(GrpcStatusCode.Internal, 13)]
    [InlineData(GrpcStatusCode.Unavailable, 14)]
    [InlineData(GrpcStatusCode.DataLoss, 15)]
    [InlineData(GrpcStatusCode.Unauthenticated, 16)]
    public void Codes_HaveTheNumbersOtherGrpcImplementationsSend(GrpcStatusCode status, int wireValue)
    {
        Assert.Equal(wireValue, (int)status);
    }

    [Fact]
    public void Codes_CoverEveryStatusOfTheProtocol()
    {
        Assert.Equal(Enumerable.Range(0, 17), Enum.GetValues<GrpcStatusCode>().Select(s => (int)s).Order());
    }
}
