/* Prints the sizes and offsets the C# binding mirrors, as libfuse's own headers lay them out on this machine. */
#define FUSE_USE_VERSION 314
#define _FILE_OFFSET_BITS 64
#include <fuse_lowlevel.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>

#define P(name, value) printf("%s %zu\n", name, (size_t)(value))
#define BIT(field) do { struct fuse_file_info fi; memset(&fi, 0, sizeof fi); fi.field = 1; \
    unsigned word; memcpy(&word, (char *)&fi + 4, sizeof word); P("fuse_file_info." #field, word); } while (0)

int main(void)
{
    P("fuse_file_info.size", sizeof(struct fuse_file_info));
    P("fuse_file_info.flags", offsetof(struct fuse_file_info, flags));
    P("fuse_file_info.fh", offsetof(struct fuse_file_info, fh));
    P("fuse_file_info.lock_owner", offsetof(struct fuse_file_info, lock_owner));
    P("fuse_file_info.poll_events", offsetof(struct fuse_file_info, poll_events));
    BIT(direct_io);
    BIT(keep_cache);
    BIT(cache_readdir);

    P("fuse_entry_param.size", sizeof(struct fuse_entry_param));
    P("fuse_entry_param.ino", offsetof(struct fuse_entry_param, ino));
    P("fuse_entry_param.generation", offsetof(struct fuse_entry_param, generation));
    P("fuse_entry_param.attr", offsetof(struct fuse_entry_param, attr));
    P("fuse_entry_param.attr_timeout", offsetof(struct fuse_entry_param, attr_timeout));
    P("fuse_entry_param.entry_timeout", offsetof(struct fuse_entry_param, entry_timeout));

    P("stat.size", sizeof(struct stat));
    P("stat.st_ino", offsetof(struct stat, st_ino));
    P("stat.st_nlink", offsetof(struct stat, st_nlink));
    P("stat.st_mode", offsetof(struct stat, st_mode));
    P("stat.st_uid", offsetof(struct stat, st_uid));
    P("stat.st_gid", offsetof(struct stat, st_gid));
    P("stat.st_rdev", offsetof(struct stat, st_rdev));
    P("stat.st_size", offsetof(struct stat, st_size));
    P("stat.st_blksize", offsetof(struct stat, st_blksize));
    P("stat.st_blocks", offsetof(struct stat, st_blocks));
    P("stat.st_atim", offsetof(struct stat, st_atim));
    P("stat.st_mtim", offsetof(struct stat, st_mtim));
    P("stat.st_ctim", offsetof(struct stat, st_ctim));

    P("statvfs.size", sizeof(struct statvfs));
    P("statvfs.f_bsize", offsetof(struct statvfs, f_bsize));
    P("statvfs.f_blocks", offsetof(struct statvfs, f_blocks));
    P("statvfs.f_files", offsetof(struct statvfs, f_files));
    P("statvfs.f_fsid", offsetof(struct statvfs, f_fsid));
    P("statvfs.f_flag", offsetof(struct statvfs, f_flag));
    P("statvfs.f_namemax", offsetof(struct statvfs, f_namemax));

    P("fuse_args.size", sizeof(struct fuse_args));
    P("fuse_args.argc", offsetof(struct fuse_args, argc));
    P("fuse_args.argv", offsetof(struct fuse_args, argv));
    P("fuse_args.allocated", offsetof(struct fuse_args, allocated));

    P("fuse_conn_info.size", sizeof(struct fuse_conn_info));
    P("fuse_conn_info.capable", offsetof(struct fuse_conn_info, capable));
    P("fuse_conn_info.want", offsetof(struct fuse_conn_info, want));
    P("fuse_conn_info.max_background", offsetof(struct fuse_conn_info, max_background));
    P("FUSE_CAP_READDIRPLUS_AUTO", FUSE_CAP_READDIRPLUS_AUTO);

    P("fuse_lowlevel_ops.size", sizeof(struct fuse_lowlevel_ops));
    P("fuse_lowlevel_ops.init", offsetof(struct fuse_lowlevel_ops, init));
    P("fuse_lowlevel_ops.lookup", offsetof(struct fuse_lowlevel_ops, lookup));
    P("fuse_lowlevel_ops.forget", offsetof(struct fuse_lowlevel_ops, forget));
    P("fuse_lowlevel_ops.getattr", offsetof(struct fuse_lowlevel_ops, getattr));
    P("fuse_lowlevel_ops.readlink", offsetof(struct fuse_lowlevel_ops, readlink));
    P("fuse_lowlevel_ops.open", offsetof(struct fuse_lowlevel_ops, open));
    P("fuse_lowlevel_ops.read", offsetof(struct fuse_lowlevel_ops, read));
    P("fuse_lowlevel_ops.release", offsetof(struct fuse_lowlevel_ops, release));
    P("fuse_lowlevel_ops.opendir", offsetof(struct fuse_lowlevel_ops, opendir));
    P("fuse_lowlevel_ops.readdir", offsetof(struct fuse_lowlevel_ops, readdir));
    P("fuse_lowlevel_ops.releasedir", offsetof(struct fuse_lowlevel_ops, releasedir));
    P("fuse_lowlevel_ops.statfs", offsetof(struct fuse_lowlevel_ops, statfs));
    P("fuse_lowlevel_ops.readdirplus", offsetof(struct fuse_lowlevel_ops, readdirplus));
    P("fuse_lowlevel_ops.lseek", offsetof(struct fuse_lowlevel_ops, lseek));
    return 0;
}
