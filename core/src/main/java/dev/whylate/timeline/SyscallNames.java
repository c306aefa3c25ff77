package dev.whylate.timeline;

import dev.whylate.model.Trace;
import java.util.HashMap;
import java.util.Map;

/**
 * Syscall numbers to names for raw_syscalls events. Numbers are architecture-specific; only the x86_64
 * table is known, and it is used only when the trace says it came from x86_64 (trace.dat uname, or
 * {@code arch} in its metadata). Otherwise raw syscalls are named {@code NR_<n>}.
 */
public final class SyscallNames {
    private static final String[] X86_64 = new String[460];
    private static final Map<String, Integer> X86_64_BY_NAME = new HashMap<>();

    static {
        final String table = "0 read 1 write 2 open 3 close 4 stat 5 fstat 6 lstat 7 poll 8 lseek 9 mmap 10 mprotect 11 munmap "
            + "12 brk 13 rt_sigaction 14 rt_sigprocmask 15 rt_sigreturn 16 ioctl 17 pread64 18 pwrite64 19 readv 20 writev "
            + "21 access 22 pipe 23 select 24 sched_yield 25 mremap 26 msync 27 mincore 28 madvise 29 shmget 30 shmat "
            + "31 shmctl 32 dup 33 dup2 34 pause 35 nanosleep 36 getitimer 37 alarm 38 setitimer 39 getpid 40 sendfile "
            + "41 socket 42 connect 43 accept 44 sendto 45 recvfrom 46 sendmsg 47 recvmsg 48 shutdown 49 bind 50 listen "
            + "51 getsockname 52 getpeername 53 socketpair 54 setsockopt 55 getsockopt 56 clone 57 fork 58 vfork 59 execve "
            + "60 exit 61 wait4 62 kill 63 uname 72 fcntl 73 flock 74 fsync 75 fdatasync 76 truncate 77 ftruncate "
            + "78 getdents 79 getcwd 80 chdir 82 rename 83 mkdir 84 rmdir 86 link 87 unlink 89 readlink 90 chmod "
            + "95 umask 96 gettimeofday 97 getrlimit 98 getrusage 99 sysinfo 101 ptrace 102 getuid 104 getgid 107 geteuid "
            + "108 getegid 110 getppid 112 setsid 131 sigaltstack 137 statfs 138 fstatfs 141 setpriority 144 sched_setscheduler "
            + "149 mlock 151 mlockall 157 prctl 158 arch_prctl 186 gettid 200 tkill 202 futex 203 sched_setaffinity "
            + "204 sched_getaffinity 213 epoll_create 217 getdents64 218 set_tid_address 228 clock_gettime 229 clock_getres "
            + "230 clock_nanosleep 231 exit_group 232 epoll_wait 233 epoll_ctl 234 tgkill 257 openat 262 newfstatat "
            + "270 pselect6 271 ppoll 273 set_robust_list 281 epoll_pwait 283 timerfd_create 284 eventfd 286 timerfd_settime "
            + "288 accept4 290 eventfd2 291 epoll_create1 292 dup3 293 pipe2 295 preadv 296 pwritev 299 recvmmsg "
            + "302 prlimit64 307 sendmmsg 309 getcpu 318 getrandom 319 memfd_create 322 execveat 324 membarrier "
            + "332 statx 334 rseq 425 io_uring_setup 426 io_uring_enter 435 clone3 439 faccessat2 441 epoll_pwait2";
        final String[] t = table.split(" ");
        for (int k = 0; k + 1 < t.length; k += 2) {
            final int nr = Integer.parseInt(t[k]);
            X86_64[nr] = t[k + 1];
            X86_64_BY_NAME.put(t[k + 1], nr);
        }
    }

    private final boolean x86;

    private SyscallNames(final boolean x86) {
        this.x86 = x86;
    }

    /** The table for {@code trace}'s architecture. */
    public static SyscallNames forTrace(final Trace trace) {
        final Map<String, String> m = trace.meta();
        final String arch = m == null ? null : m.getOrDefault("arch", m.get("uname"));
        return new SyscallNames(arch != null && arch.contains("x86_64"));
    }

    /** Name of syscall {@code nr}. */
    public String name(final int nr) {
        if (x86 && nr >= 0 && nr < X86_64.length && X86_64[nr] != null) return X86_64[nr];
        return "NR_" + nr;
    }

    /** Number of syscall {@code name}, or -1 when unknown. */
    public int number(final String name) {
        if (!x86 || name == null) return -1;
        final Integer n = X86_64_BY_NAME.get(name);
        return n == null ? -1 : n;
    }
}
