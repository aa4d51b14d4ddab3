using System.Runtime.InteropServices;
using AetherFS.Mount.Interop;

namespace AetherFS.Mount.Tests.Interop;

/// <summary>
/// The C layouts the binding depends on, keyed as layout.c prints them: what libfuse 3.14's headers give on x86_64
/// (measured with gcc here), and what the C# structs give.
/// </summary>
internal static class NativeLayout
{
    public static readonly IReadOnlyDictionary<string, long> Expected = new Dictionary<string, long>
    {
        ["fuse_file_info.size"] = 40, ["fuse_file_info.flags"] = 0, ["fuse_file_info.fh"] = 16,
        ["fuse_file_info.lock_owner"] = 24, ["fuse_file_info.poll_events"] = 32,
        ["fuse_file_info.direct_io"] = 2, ["fuse_file_info.keep_cache"] = 4, ["fuse_file_info.cache_readdir"] = 64,
        ["fuse_entry_param.size"] = 176, ["fuse_entry_param.ino"] = 0, ["fuse_entry_param.generation"] = 8,
        ["fuse_entry_param.attr"] = 16, ["fuse_entry_param.attr_timeout"] = 160, ["fuse_entry_param.entry_timeout"] = 168,
        ["stat.size"] = 144, ["stat.st_ino"] = 8, ["stat.st_nlink"] = 16, ["stat.st_mode"] = 24, ["stat.st_uid"] = 28,
        ["stat.st_gid"] = 32, ["stat.st_rdev"] = 40, ["stat.st_size"] = 48, ["stat.st_blksize"] = 56,
        ["stat.st_blocks"] = 64, ["stat.st_atim"] = 72, ["stat.st_mtim"] = 88, ["stat.st_ctim"] = 104,
        ["statvfs.size"] = 112, ["statvfs.f_bsize"] = 0, ["statvfs.f_blocks"] = 16, ["statvfs.f_files"] = 40,
        ["statvfs.f_fsid"] = 64, ["statvfs.f_flag"] = 72, ["statvfs.f_namemax"] = 80,
        ["fuse_args.size"] = 24, ["fuse_args.argc"] = 0, ["fuse_args.argv"] = 8, ["fuse_args.allocated"] = 16,
        ["fuse_conn_info.size"] = 128, ["fuse_conn_info.capable"] = 20, ["fuse_conn_info.want"] = 24,
        ["fuse_conn_info.max_background"] = 28, ["FUSE_CAP_READDIRPLUS_AUTO"] = 1 << 14,
        ["fuse_lowlevel_ops.size"] = 352, ["fuse_lowlevel_ops.init"] = 0, ["fuse_lowlevel_ops.lookup"] = 16, ["fuse_lowlevel_ops.forget"] = 24,
        ["fuse_lowlevel_ops.getattr"] = 32, ["fuse_lowlevel_ops.readlink"] = 48, ["fuse_lowlevel_ops.open"] = 112,
        ["fuse_lowlevel_ops.read"] = 120, ["fuse_lowlevel_ops.release"] = 144, ["fuse_lowlevel_ops.opendir"] = 160,
        ["fuse_lowlevel_ops.readdir"] = 168, ["fuse_lowlevel_ops.releasedir"] = 176, ["fuse_lowlevel_ops.statfs"] = 192,
        ["fuse_lowlevel_ops.readdirplus"] = 328, ["fuse_lowlevel_ops.lseek"] = 344,
    };

    public static unsafe IReadOnlyDictionary<string, long> Managed() => new Dictionary<string, long>
    {
        ["fuse_file_info.size"] = sizeof(FuseFileInfo), ["fuse_file_info.flags"] = Offset<FuseFileInfo>(nameof(FuseFileInfo.Flags)),
        ["fuse_file_info.fh"] = Offset<FuseFileInfo>(nameof(FuseFileInfo.Handle)),
        ["fuse_file_info.lock_owner"] = Offset<FuseFileInfo>(nameof(FuseFileInfo.LockOwner)),
        ["fuse_file_info.poll_events"] = Offset<FuseFileInfo>(nameof(FuseFileInfo.PollEvents)),
        ["fuse_file_info.direct_io"] = FuseFileInfo.DirectIo, ["fuse_file_info.keep_cache"] = FuseFileInfo.KeepCache,
        ["fuse_file_info.cache_readdir"] = FuseFileInfo.CacheReaddir,
        ["fuse_entry_param.size"] = sizeof(FuseEntryParam), ["fuse_entry_param.ino"] = Offset<FuseEntryParam>(nameof(FuseEntryParam.Inode)),
        ["fuse_entry_param.generation"] = Offset<FuseEntryParam>(nameof(FuseEntryParam.Generation)),
        ["fuse_entry_param.attr"] = Offset<FuseEntryParam>(nameof(FuseEntryParam.Attributes)),
        ["fuse_entry_param.attr_timeout"] = Offset<FuseEntryParam>(nameof(FuseEntryParam.AttributeTimeout)),
        ["fuse_entry_param.entry_timeout"] = Offset<FuseEntryParam>(nameof(FuseEntryParam.EntryTimeout)),
        ["stat.size"] = sizeof(Stat), ["stat.st_ino"] = Offset<Stat>(nameof(Stat.Inode)),
        ["stat.st_nlink"] = Offset<Stat>(nameof(Stat.LinkCount)), ["stat.st_mode"] = Offset<Stat>(nameof(Stat.Mode)),
        ["stat.st_uid"] = Offset<Stat>(nameof(Stat.UserId)), ["stat.st_gid"] = Offset<Stat>(nameof(Stat.GroupId)),
        ["stat.st_rdev"] = Offset<Stat>(nameof(Stat.SpecialDevice)), ["stat.st_size"] = Offset<Stat>(nameof(Stat.Size)),
        ["stat.st_blksize"] = Offset<Stat>(nameof(Stat.BlockSize)), ["stat.st_blocks"] = Offset<Stat>(nameof(Stat.Blocks)),
        ["stat.st_atim"] = Offset<Stat>(nameof(Stat.AccessTime)), ["stat.st_mtim"] = Offset<Stat>(nameof(Stat.ModifiedTime)),
        ["stat.st_ctim"] = Offset<Stat>(nameof(Stat.ChangeTime)),
        ["statvfs.size"] = sizeof(StatVfs), ["statvfs.f_bsize"] = Offset<StatVfs>(nameof(StatVfs.BlockSize)),
        ["statvfs.f_blocks"] = Offset<StatVfs>(nameof(StatVfs.Blocks)), ["statvfs.f_files"] = Offset<StatVfs>(nameof(StatVfs.Files)),
        ["statvfs.f_fsid"] = Offset<StatVfs>(nameof(StatVfs.FileSystemId)), ["statvfs.f_flag"] = Offset<StatVfs>(nameof(StatVfs.Flags)),
        ["statvfs.f_namemax"] = Offset<StatVfs>(nameof(StatVfs.NameMax)),
        ["fuse_args.size"] = sizeof(FuseArgs), ["fuse_args.argc"] = Offset<FuseArgs>(nameof(FuseArgs.Argc)),
        ["fuse_args.argv"] = Offset<FuseArgs>(nameof(FuseArgs.Argv)), ["fuse_args.allocated"] = Offset<FuseArgs>(nameof(FuseArgs.Allocated)),
        ["fuse_conn_info.size"] = sizeof(FuseConnInfo), ["fuse_conn_info.capable"] = Offset<FuseConnInfo>(nameof(FuseConnInfo.Capable)),
        ["fuse_conn_info.want"] = Offset<FuseConnInfo>(nameof(FuseConnInfo.Want)),
        ["fuse_conn_info.max_background"] = Offset<FuseConnInfo>(nameof(FuseConnInfo.MaxBackground)),
        ["FUSE_CAP_READDIRPLUS_AUTO"] = FuseConnInfo.ReaddirplusAuto,
        ["fuse_lowlevel_ops.size"] = sizeof(FuseLowLevelOps), ["fuse_lowlevel_ops.init"] = Op(nameof(FuseLowLevelOps.Init)),
        ["fuse_lowlevel_ops.lookup"] = Op(nameof(FuseLowLevelOps.Lookup)),
        ["fuse_lowlevel_ops.forget"] = Op(nameof(FuseLowLevelOps.Forget)), ["fuse_lowlevel_ops.getattr"] = Op(nameof(FuseLowLevelOps.Getattr)),
        ["fuse_lowlevel_ops.readlink"] = Op(nameof(FuseLowLevelOps.Readlink)), ["fuse_lowlevel_ops.open"] = Op(nameof(FuseLowLevelOps.Open)),
        ["fuse_lowlevel_ops.read"] = Op(nameof(FuseLowLevelOps.Read)), ["fuse_lowlevel_ops.release"] = Op(nameof(FuseLowLevelOps.Release)),
        ["fuse_lowlevel_ops.opendir"] = Op(nameof(FuseLowLevelOps.Opendir)), ["fuse_lowlevel_ops.readdir"] = Op(nameof(FuseLowLevelOps.Readdir)),
        ["fuse_lowlevel_ops.releasedir"] = Op(nameof(FuseLowLevelOps.Releasedir)), ["fuse_lowlevel_ops.statfs"] = Op(nameof(FuseLowLevelOps.Statfs)),
        ["fuse_lowlevel_ops.readdirplus"] = Op(nameof(FuseLowLevelOps.Readdirplus)), ["fuse_lowlevel_ops.lseek"] = Op(nameof(FuseLowLevelOps.Lseek)),
    };

    private static long Offset<T>(string field) => Marshal.OffsetOf<T>(field);

    private static long Op(string field) => Offset<FuseLowLevelOps>(field);
}
