using AetherFS.Protocol.Grpc;

namespace AetherFS.Protocol.Tests.Grpc;

public sealed class GrpcProtocolTests
{
    [Theory]
    [InlineData("application/grpc")]
    [InlineData("application/grpc+proto")]
    [InlineData("application/grpc; charset=utf-8")]
    [InlineData("application/grpc;charset=utf-8")]
    [InlineData("application/grpc+proto; charset=utf-8")]
    [InlineData("Application/GRPC")]
    [InlineData("APPLICATION/GRPC+PROTO")]
    public void IsGrpcContentType_AcceptsGrpcWithProtobufMessages(string contentType)
    {
        Assert.True(GrpcProtocol.IsGrpcContentType(contentType));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("application/json")]
    [InlineData("application/problem+json")]
    [InlineData("application/octet-stream")]
    [InlineData("application/grpc-web")]
    [InlineData("application/grpc-web+proto")]
    [InlineData("application/grpc-web-text")]
    [InlineData("application/grpc+json")]
    [InlineData("application/grpc+protobuf")]
    [InlineData("application/grpcx")]
    [InlineData("application/grp")]
    [InlineData("text/application/grpc")]
    public void IsGrpcContentType_RejectsOtherContentTypes(string? contentType)
    {
        Assert.False(GrpcProtocol.IsGrpcContentType(contentType));
    }
}
