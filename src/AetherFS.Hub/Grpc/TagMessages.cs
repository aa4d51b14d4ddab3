using AetherFS.Serving.Grpc;
using AetherFS.Core.Datasets;
using AetherFS.Protocol.Dataset.V1;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;

namespace AetherFS.Hub.Grpc;

/// <summary>Tag records as <c>TagInfo</c> messages.</summary>
internal static class TagMessages
{
    public static TagInfo ToMessage(string name, string tag, TagRecord record) => new()
    {
        Tag = new Tag { Name = name, Version = tag },
        Digest = record.Digest,
        PublishedAt = Timestamp.FromDateTime(DateTime.SpecifyKind(record.PublishedAt, DateTimeKind.Utc)),
        Publisher = record.Publisher ?? string.Empty,
    };

    /// <summary>Bytes one more element of a repeated message field adds to its message.</summary>
    public static int SizeInRepeatedField(IMessage message) => 1 + CodedOutputStream.ComputeMessageSize(message);
}
