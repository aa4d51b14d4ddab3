using System.Runtime.InteropServices;

namespace AetherFS.Mount.Interop;

/// <summary>
/// libfuse 3.14's <c>struct fuse_conn_info</c> (128 bytes), handed to <c>init</c>: what the kernel can do
/// (<see cref="Capable"/>) and what this mount asks of it (<see cref="Want"/>).
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct FuseConnInfo
{
    /// <summary><c>FUSE_CAP_READDIRPLUS_AUTO</c>: the kernel chooses per request between readdir and readdirplus.</summary>
    public const uint ReaddirplusAuto = 1 << 14;

    public uint ProtoMajor;
    public uint ProtoMinor;
    public uint MaxWrite;
    public uint MaxRead;
    public uint MaxReadahead;
    public uint Capable;
    public uint Want;
    public uint MaxBackground;
    public uint CongestionThreshold;
    public uint TimeGranularity;
    public fixed uint Reserved[22];
}
