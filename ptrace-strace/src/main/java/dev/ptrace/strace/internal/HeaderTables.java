package dev.ptrace.strace.internal;

import dev.ptrace.Arch;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@link SyscallTables} read at run time from the Linux UAPI headers installed under
 * {@code /usr/include}, until the generated tables of {@code ptrace-syscalls} are merged. Each family lists the
 * headers and the name pattern its constants come from; values are evaluated with {@link HeaderScanner}.
 * Missing headers simply leave a family empty (numbers are then printed raw).
 */
final class HeaderTables implements SyscallTables {

    /** Where one family's constants come from. */
    private record Source(List<String> headers, String pattern, Set<String> excluded, boolean sortByValue,
                          List<String> printOrder) {
    }

    private static final Map<ConstantFamily, Source> SOURCES = new EnumMap<>(ConstantFamily.class);

    static {
        put(ConstantFamily.OPEN_FLAGS, List.of("asm-generic/fcntl.h"), "O_\\w+",
                Set.of("O_ACCMODE", "O_RDONLY", "O_WRONLY", "O_RDWR", "O_NDELAY", "O_RSYNC", "O_FSYNC"), false,
                List.of("O_CREAT", "O_EXCL", "O_NOCTTY", "O_TRUNC", "O_APPEND", "O_NONBLOCK", "O_SYNC", "O_DSYNC",
                        "O_DIRECT", "O_LARGEFILE", "O_NOFOLLOW", "O_NOATIME", "O_CLOEXEC", "O_PATH", "O_TMPFILE",
                        "O_DIRECTORY"));
        put(ConstantFamily.AT_FLAGS, List.of("linux/fcntl.h"), "AT_\\w+",
                Set.of("AT_FDCWD", "AT_STATX_SYNC_TYPE", "AT_STATX_SYNC_AS_STAT", "AT_STATX_FORCE_SYNC",
                        "AT_STATX_DONT_SYNC", "AT_HANDLE_FID", "AT_HANDLE_MNT_ID_UNIQUE",
                        "AT_HANDLE_CONNECTABLE", "AT_RENAME_NOREPLACE", "AT_RENAME_EXCHANGE",
                        "AT_RENAME_WHITEOUT"), true, List.of());
        put(ConstantFamily.PROT, List.of("asm-generic/mman-common.h"), "PROT_\\w+", Set.of("PROT_NONE"), true,
                List.of());
        put(ConstantFamily.MAP, List.of("linux/mman.h", "asm-generic/mman.h", "asm-generic/mman-common.h",
                "asm/mman.h"), "MAP_\\w+", Set.of("MAP_TYPE", "MAP_FILE", "MAP_HUGE_SHIFT", "MAP_HUGE_MASK",
                "MAP_ANON"), true, List.of());
        put(ConstantFamily.CLONE, List.of("linux/sched.h"), "CLONE_[A-Z_]+", Set.of(), true, List.of());
        put(ConstantFamily.WAIT_OPTIONS, List.of("linux/wait.h"), "(__)?W[A-Z]+", Set.of("WSTOPPED"), true,
                List.of());
        put(ConstantFamily.FCNTL_CMD, List.of("asm-generic/fcntl.h", "linux/fcntl.h"), "F_[A-Z_0-9]+",
                Set.of("F_LINUX_SPECIFIC_BASE", "F_OWNER_TID", "F_OWNER_PID", "F_OWNER_PGRP", "F_RDLCK",
                        "F_WRLCK", "F_UNLCK", "F_EXLCK", "F_SHLCK", "F_GETLK64", "F_SETLK64", "F_SETLKW64",
                        "F_SEAL_SEAL", "F_SEAL_SHRINK", "F_SEAL_GROW", "F_SEAL_WRITE", "F_SEAL_FUTURE_WRITE",
                        "F_SEAL_EXEC", "F_OK"), false, List.of());
        put(ConstantFamily.ADDRESS_FAMILY, List.of("bits/socket.h"), "(AF|PF)_\\w+", Set.of(), false, List.of());
        put(ConstantFamily.SOCKET_TYPE, List.of("bits/socket_type.h"), "SOCK_\\w+",
                Set.of("SOCK_CLOEXEC", "SOCK_NONBLOCK"), false, List.of());
        put(ConstantFamily.SOCKET_FLAGS, List.of("bits/socket_type.h"), "SOCK_(CLOEXEC|NONBLOCK)", Set.of(), true,
                List.of("SOCK_NONBLOCK", "SOCK_CLOEXEC"));
        put(ConstantFamily.SEEK, List.of("linux/fs.h"), "SEEK_\\w+", Set.of("SEEK_MAX"), false, List.of());
        put(ConstantFamily.SIGACTION_FLAGS, List.of("asm/signal.h", "asm-generic/signal-defs.h"), "SA_\\w+",
                Set.of("SA_NOMASK", "SA_ONESHOT", "SA_FLAGS"), false,
                List.of("SA_RESTORER", "SA_ONSTACK", "SA_RESTART", "SA_NODEFER", "SA_RESETHAND", "SA_SIGINFO",
                        "SA_NOCLDSTOP", "SA_NOCLDWAIT", "SA_UNSUPPORTED", "SA_EXPOSE_TAGBITS"));
        put(ConstantFamily.SIGPROCMASK_HOW, List.of("asm-generic/signal-defs.h"),
                "SIG_(BLOCK|UNBLOCK|SETMASK)", Set.of(), false, List.of());
        put(ConstantFamily.RLIMIT, List.of("asm-generic/resource.h"), "RLIMIT_\\w+", Set.of(), false, List.of());
        put(ConstantFamily.FUTEX_OP, List.of("linux/futex.h"), "FUTEX_[A-Z_]+",
                Set.of("FUTEX_WAITERS", "FUTEX_OWNER_DIED", "FUTEX_TID_MASK", "FUTEX_OP_SET", "FUTEX_OP_ADD",
                        "FUTEX_OP_OR", "FUTEX_OP_ANDN", "FUTEX_OP_XOR", "FUTEX_OP_OPARG_SHIFT", "FUTEX_OP_CMP_EQ",
                        "FUTEX_OP_CMP_NE", "FUTEX_OP_CMP_LT", "FUTEX_OP_CMP_LE", "FUTEX_OP_CMP_GT",
                        "FUTEX_OP_CMP_GE", "FUTEX_BITSET_MATCH_ANY", "FUTEX_CMD_MASK", "FUTEX_32",
                        "FUTEX_WAITV_MAX", "FUTEX2_SIZE_U8", "FUTEX2_PRIVATE"), false, List.of());
        put(ConstantFamily.ARCH_PRCTL, List.of("asm/prctl.h"), "ARCH_\\w+", Set.of(), false, List.of());
        put(ConstantFamily.GETRANDOM_FLAGS, List.of("linux/random.h"), "GRND_\\w+", Set.of(), true, List.of());
        put(ConstantFamily.STATX_MASK, List.of("linux/stat.h"), "STATX_(?!ATTR_)[A-Z_]+",
                Set.of("STATX_ALL", "STATX__RESERVED"), true, List.of("STATX_BASIC_STATS"));
        put(ConstantFamily.STATX_ATTR, List.of("linux/stat.h"), "STATX_ATTR_\\w+", Set.of(), true, List.of());
        put(ConstantFamily.FADVISE, List.of("linux/fadvise.h"), "POSIX_FADV_\\w+", Set.of(), false, List.of());
        put(ConstantFamily.ACCESS_MODE, List.of("unistd.h"), "[RWX]_OK", Set.of(), false, List.of());
        put(ConstantFamily.FILE_TYPE, List.of("linux/stat.h"), "S_IF[A-Z]+", Set.of("S_IFMT"), false, List.of());
        put(ConstantFamily.POLL_EVENTS, List.of("asm-generic/poll.h"), "POLL[A-Z]+",
                Set.of("POLLFREE", "POLL_BUSY_LOOP"), true, List.of());
        put(ConstantFamily.IOCTL, List.of("asm-generic/ioctls.h"), "(TC|TIOC|FIO)[A-Z0-9_]+", Set.of(), false,
                List.of());
        put(ConstantFamily.IPPROTO, List.of("linux/in.h"), "IPPROTO_\\w+", Set.of("IPPROTO_MAX"), false,
                List.of());
        put(ConstantFamily.CLOCK, List.of("linux/time.h"), "CLOCK_\\w+", Set.of(), false, List.of());
        put(ConstantFamily.PRCTL, List.of("linux/prctl.h"), "PR_(GET|SET|CAP|TASK|MCE|MPX|PAC)_\\w+", Set.of(),
                false, List.of());
        put(ConstantFamily.ERRNO, List.of("asm-generic/errno-base.h", "asm-generic/errno.h"), "E[A-Z0-9]+",
                Set.of("EWOULDBLOCK", "EDEADLOCK"), false, List.of());
    }

    private static void put(ConstantFamily family, List<String> headers, String pattern, Set<String> excluded,
                            boolean sortByValue, List<String> printOrder) {
        SOURCES.put(family, new Source(headers, pattern, excluded, sortByValue, printOrder));
    }

    private final Arch arch;
    private final Path root;
    private final String multiarch;
    private final Map<Integer, String> names = new HashMap<>();
    private final Map<String, Integer> numbers = new HashMap<>();
    private final Map<ConstantFamily, Xlat> families = new EnumMap<>(ConstantFamily.class);

    private HeaderTables(Arch arch, Path root) {
        this.arch = arch;
        this.root = root;
        this.multiarch = arch == Arch.X86_64 ? "x86_64-linux-gnu" : "aarch64-linux-gnu";
    }

    static HeaderTables load(Arch arch) {
        HeaderTables t = new HeaderTables(arch, Path.of(System.getProperty("ptrace.strace.headers", "/usr/include")));
        t.loadSyscalls();
        return t;
    }

    private void loadSyscalls() {
        String header = arch == Arch.X86_64 ? "asm/unistd_64.h" : "asm-generic/unistd.h";
        HeaderScanner scanner = new HeaderScanner();
        scan(scanner, header);
        for (Map.Entry<String, Long> e : scanner.values().entrySet()) {
            String macro = e.getKey();
            String name = macro.startsWith("__NR3264_") ? null
                    : macro.startsWith("__NR_") ? macro.substring(5) : null;
            if (name != null && !name.equals("syscalls") && !name.startsWith("arch_specific")) {
                int nr = e.getValue().intValue();
                names.putIfAbsent(nr, name);
                numbers.putIfAbsent(name, nr);
            }
        }
    }

    private void scan(HeaderScanner scanner, String header) {
        for (Path p : List.of(root.resolve(multiarch).resolve(header), root.resolve(header))) {
            if (Files.isRegularFile(p)) {
                try {
                    scanner.scan(Files.readString(p, StandardCharsets.ISO_8859_1));
                } catch (IOException e) {
                    // a missing or unreadable header leaves its family empty
                }
                return;
            }
        }
    }

    @Override
    public Arch arch() {
        return arch;
    }

    @Override
    public String syscallName(int number) {
        String n = names.get(number);
        return n != null ? n : SyscallTables.unknownName(number);
    }

    @Override
    public OptionalInt syscallNumber(String name) {
        Integer n = numbers.get(name);
        return n == null ? OptionalInt.empty() : OptionalInt.of(n);
    }

    @Override
    public Collection<String> syscallNames() {
        return new TreeMap<>(numbers).keySet();
    }

    @Override
    public int argumentCount(int number) {
        return 6;
    }

    @Override
    public synchronized Xlat constants(ConstantFamily family) {
        return families.computeIfAbsent(family, this::loadFamily);
    }

    private Xlat loadFamily(ConstantFamily family) {
        Source src = SOURCES.get(family);
        if (src == null) {
            return Xlat.empty();
        }
        HeaderScanner scanner = new HeaderScanner();
        for (String h : src.headers()) {
            scan(scanner, h);
        }
        Pattern p = Pattern.compile(src.pattern());
        Map<String, Long> picked = new LinkedHashMap<>();
        for (Map.Entry<String, Long> e : scanner.values().entrySet()) {
            Matcher m = p.matcher(e.getKey());
            if (m.matches() && !src.excluded().contains(e.getKey())) {
                String name = e.getKey().startsWith("PF_") ? "AF_" + e.getKey().substring(3) : e.getKey();
                if (family == ConstantFamily.ADDRESS_FAMILY && (name.equals("AF_LOCAL") || name.equals("AF_FILE")
                        || name.equals("AF_ROUTE") || name.equals("AF_MAX"))) {
                    continue;
                }
                picked.putIfAbsent(name, e.getValue());
            }
        }
        List<Xlat.Entry> entries = new ArrayList<>();
        for (String first : src.printOrder()) {
            Long v = picked.remove(first);
            if (v != null) {
                entries.add(new Xlat.Entry(first, v));
            }
        }
        List<Xlat.Entry> rest = new ArrayList<>();
        picked.forEach((k, v) -> rest.add(new Xlat.Entry(k, v)));
        if (src.sortByValue()) {
            rest.sort(Comparator.comparingLong(e -> Long.bitCount(e.value()) > 1 ? Long.MAX_VALUE : e.value()));
        }
        entries.addAll(rest);
        return new Xlat(entries);
    }
}
