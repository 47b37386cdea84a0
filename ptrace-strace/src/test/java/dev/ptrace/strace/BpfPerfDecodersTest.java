package dev.ptrace.strace;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ptrace.Arch;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * bpf(2) and perf_event_open(2) against hand-built memory: the expected lines are strace 6.1's for the same
 * attributes (fields cut at the size given, {@code ...} for bytes set after them, NULL, unreadable, unknown).
 */
class BpfPerfDecodersTest {
    private static final long BAD = 0x7fff00000000L;

    private FakeMemory memory;
    private DecodedLines lines;

    @BeforeEach
    void setUp() {
        lines = new DecodedLines(Arch.X86_64);
        memory = lines.memory;
    }

    private static ByteBuffer le(int size) {
        return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    }

    @Test
    void mapCreateIsCutAtTheSizeGiven() {
        ByteBuffer b = le(144).putInt(1).putInt(4).putInt(4).putInt(1).putInt(0);
        memory.put(0x1000, b.array());
        assertEquals("bpf(BPF_MAP_CREATE, {map_type=BPF_MAP_TYPE_HASH, key_size=4, value_size=4, max_entries=1,"
                + " map_flags=0}, 20) = 5", lines.line("bpf", 5, false, 0, 0x1000, 20));
        // a field the size cuts is printed with zeros past the size
        memory.put(0x2000, le(14).putInt(1).putInt(4).putInt(4).put((byte) 1).array());
        assertEquals("bpf(BPF_MAP_CREATE, {map_type=BPF_MAP_TYPE_HASH, key_size=4, value_size=4, max_entries=1},"
                + " 14) = 3", lines.line("bpf", 3, false, 0, 0x2000, 14));
    }

    @Test
    void aCommandsFirstFieldsArePrintedWhateverTheSize() {
        memory.put(0x1000, new byte[144]);
        assertEquals("bpf(BPF_MAP_LOOKUP_ELEM, {map_fd=0, key=NULL, value=NULL}, 4) = -1 EINVAL (Invalid argument)",
                lines.line("bpf", -22, true, 1, 0x1000, 4));
        assertEquals("bpf(BPF_MAP_UPDATE_ELEM, {map_fd=0, key=NULL, value=NULL, flags=BPF_ANY}, 4) = -1 EINVAL"
                + " (Invalid argument)", lines.line("bpf", -22, true, 2, 0x1000, 4));
        assertEquals("bpf(BPF_PROG_LOAD, {prog_type=BPF_PROG_TYPE_UNSPEC, insn_cnt=0, insns=NULL, license=NULL,"
                + " log_level=0, log_size=0, log_buf=NULL}, 36) = -1 EINVAL (Invalid argument)",
                lines.line("bpf", -22, true, 5, 0x1000, 36));
        assertEquals("bpf(BPF_PROG_ATTACH, {target_fd=0, attach_bpf_fd=0, attach_type=BPF_CGROUP_INET_INGRESS,"
                + " attach_flags=0}, 13) = -1 EINVAL (Invalid argument)", lines.line("bpf", -22, true, 8, 0x1000, 13));
        assertEquals("bpf(BPF_BTF_LOAD, {btf=NULL, btf_log_buf=NULL, btf_size=0, btf_log_size=0, btf_log_level=0},"
                + " 4) = -1 EINVAL (Invalid argument)", lines.line("bpf", -22, true, 18, 0x1000, 4));
    }

    @Test
    void mapCreateWithNumaNodeAndName() {
        ByteBuffer b = le(144).putInt(2).putInt(4).putInt(8).putInt(4).putInt(4 | 0x80).putInt(0).putInt(1);
        b.put("m\n".getBytes());
        memory.put(0x1000, b.array());
        assertEquals("bpf(BPF_MAP_CREATE, {map_type=BPF_MAP_TYPE_ARRAY, key_size=4, value_size=8, max_entries=4,"
                + " map_flags=BPF_F_NUMA_NODE|BPF_F_RDONLY_PROG, inner_map_fd=0, numa_node=1, map_name=\"m\\n\","
                + " map_ifindex=0, btf_fd=0, btf_key_type_id=0, btf_value_type_id=0, btf_vmlinux_value_type_id=0,"
                + " map_extra=0}, 144) = 3", lines.line("bpf", 3, false, 0, 0x1000, 144));
    }

    @Test
    void bytesSetAfterTheCommandsFieldsPrintEllipsis() {
        ByteBuffer b = le(32).putInt(3).putInt(0).putLong(0x1234).putLong(0x5678).putLong(0);
        memory.put(0x1000, b.array());
        assertEquals("bpf(BPF_MAP_DELETE_ELEM, {map_fd=3, key=0x1234, ...}, 32) = 0",
                lines.line("bpf", 0, false, 3, 0x1000, 32));
        assertEquals("bpf(BPF_MAP_LOOKUP_ELEM, {map_fd=3, key=0x1234, value=0x5678, flags=BPF_ANY}, 32) = 0",
                lines.line("bpf", 0, false, 1, 0x1000, 32));
        ByteBuffer d = le(20).putInt(0).putInt(4).putInt(1).putInt(2);
        memory.put(0x2000, d.array());
        assertEquals("bpf(BPF_PROG_DETACH, {target_fd=0, attach_type=BPF_CGROUP_INET_EGRESS, ...}, 20) = -1 EINVAL"
                + " (Invalid argument)", lines.line("bpf", -22, true, 9, 0x2000, 20));
        assertEquals("bpf(BPF_PROG_ATTACH, {target_fd=0, attach_bpf_fd=4, attach_type=BPF_CGROUP_INET_EGRESS,"
                + " attach_flags=BPF_F_ALLOW_MULTI, replace_bpf_fd=0}, 20) = 0",
                lines.line("bpf", 0, false, 8, 0x2000, 20));
    }

    @Test
    void nullUnreadableAndUnknownAttrs() {
        assertEquals("bpf(BPF_MAP_CREATE, NULL, 144) = -1 EFAULT (Bad address)",
                lines.line("bpf", -14, true, 0, 0, 144));
        assertEquals("bpf(BPF_PROG_LOAD, 0x7fff00000000, 144) = -1 EFAULT (Bad address)",
                lines.line("bpf", -14, true, 5, BAD, 144));
        memory.put(0x1000, new byte[144]);
        assertEquals("bpf(0x3e7 /* BPF_??? */, 0x1000, 144) = -1 EINVAL (Invalid argument)",
                lines.line("bpf", -22, true, 999, 0x1000, 144));
        assertEquals("bpf(BPF_LINK_CREATE, {link_create={prog_fd=0, target_fd=0, attach_type=BPF_CGROUP_INET_INGRESS,"
                + " flags=0}}, 144) = -1 EINVAL (Invalid argument)", lines.line("bpf", -22, true, 28, 0x1000, 144));
    }

    @Test
    void progLoadKernelVersionAndNames() {
        ByteBuffer b = le(128).putInt(1).putInt(2).putLong(0x3000).putLong(0x2000).putInt(0).putInt(0).putLong(0)
                .putInt((6 << 16) | (1 << 8) | 7).putInt(1);
        memory.put(0x1000, b.array());
        memory.putString(0x2000, "GPL");
        String line = lines.line("bpf", 4, false, 5, 0x1000, 48);
        assertEquals("bpf(BPF_PROG_LOAD, {prog_type=BPF_PROG_TYPE_SOCKET_FILTER, insn_cnt=2, insns=0x3000,"
                + " license=\"GPL\", log_level=0, log_size=0, log_buf=NULL, kern_version=KERNEL_VERSION(6, 1, 7),"
                + " prog_flags=BPF_F_STRICT_ALIGNMENT}, 48) = 4", line);
    }

    @Test
    void objInfoLengthTheKernelChangedIsPrintedAtExit() {
        memory.put(0x1000, le(144).putInt(3).putInt(512).putLong(0x2000).array());
        Runnable kernel = () -> memory.put(0x1000, le(144).putInt(3).putInt(104).putLong(0x2000).array());
        assertEquals("bpf(BPF_OBJ_GET_INFO_BY_FD, {info={bpf_fd=3, info_len=512 => 104, info=0x2000}}, 144) = 0",
                lines.line("bpf", 0, false, kernel, 15, 0x1000, 144));
        assertEquals("bpf(BPF_OBJ_GET_INFO_BY_FD, {info={bpf_fd=3, info_len=104, info=0x2000}}, 144) = -1 EBADF"
                + " (Bad file descriptor)", lines.line("bpf", -9, true, 15, 0x1000, 144));
        assertEquals("bpf(BPF_OBJ_GET_INFO_BY_FD, {info={bpf_fd=3, info_len=104, info=NULL}}, 8) = -1 EINVAL"
                + " (Invalid argument)",
                lines.line("bpf", -22, true, 15, 0x1000, 8));
    }

    private static byte[] perfAttr(int type, int size, long config, long period, long sampleType, long bits) {
        return le(128).putInt(type).putInt(size).putLong(config).putLong(period).putLong(sampleType).putLong(0)
                .putLong(bits).array();
    }

    @Test
    void perfAttrAbbreviated() {
        memory.put(0x1000, perfAttr(0, 112, 1, 4000, 0x7, (1L << 10) | (1 << 1) | (2L << 15)));
        assertEquals("perf_event_open({type=PERF_TYPE_HARDWARE, size=PERF_ATTR_SIZE_VER5,"
                + " config=PERF_COUNT_HW_INSTRUCTIONS, sample_freq=4000, sample_type=PERF_SAMPLE_IP|PERF_SAMPLE_TID"
                + "|PERF_SAMPLE_TIME, read_format=0, inherit=1, freq=1, precise_ip=2 /* requested to have 0 skid */,"
                + " ...}, 0, -1, -1, PERF_FLAG_FD_CLOEXEC) = 3",
                lines.line("perf_event_open", 3, false, 0x1000, 0, -1, -1, 8));
        memory.put(0x2000, perfAttr(3, 128, 0x10002, 0, 0, 0));
        assertEquals("perf_event_open({type=PERF_TYPE_HW_CACHE, size=PERF_ATTR_SIZE_VER7, config=PERF_COUNT_HW_CACHE_RESULT_MISS<<16"
                + "|PERF_COUNT_HW_CACHE_OP_READ<<8|PERF_COUNT_HW_CACHE_LL,"
                + " sample_period=0, sample_type=0, read_format=0, precise_ip=0 /* arbitrary skid */, ...}, -1, 1,"
                + " -1, 0x100 /* PERF_FLAG_??? */) = -1 EINVAL (Invalid argument)",
                lines.line("perf_event_open", -22, true, 0x2000, -1, 1, -1, 0x100));
        memory.put(0x3000, perfAttr(77, 72, 99, 0, 0, 0));
        assertEquals("perf_event_open({type=0x4d /* PERF_TYPE_??? */, size=PERF_ATTR_SIZE_VER1, config=0x63,"
                + " sample_period=0, sample_type=0, read_format=0, precise_ip=0 /* arbitrary skid */, ...}, 0, -1,"
                + " 3, PERF_FLAG_FD_NO_GROUP|0x100) = -1 ENOENT (No such file or directory)",
                lines.line("perf_event_open", -2, true, 0x3000, 0, -1, 3, 0x101));
        memory.put(0x4000, perfAttr(3, 0, 0x1ff010307L, 0, 0, 0));
        assertEquals("perf_event_open({type=PERF_TYPE_HW_CACHE, size=0 /* PERF_ATTR_SIZE_??? */, config=0x1<<32"
                + "|0xff<<24|PERF_COUNT_HW_CACHE_RESULT_MISS<<16|0x3 /* PERF_COUNT_HW_CACHE_OP_??? */<<8"
                + "|0x7 /* PERF_COUNT_HW_CACHE_??? */, sample_period=0, sample_type=0, read_format=0,"
                + " precise_ip=0 /* arbitrary skid */, ...}, 0, -1, -1, 0) = -1 EINVAL (Invalid argument)",
                lines.line("perf_event_open", -22, true, 0x4000, 0, -1, -1, 0));
        memory.put(0x5000, perfAttr(2, 130, 99, 0, 0, 0));
        assertEquals("perf_event_open({type=PERF_TYPE_TRACEPOINT, size=0x82 /* PERF_ATTR_SIZE_??? */, config=99,"
                + " sample_period=0, sample_type=0, read_format=0, precise_ip=0 /* arbitrary skid */, ...}, 0, -1,"
                + " -1, 0) = -1 EINVAL (Invalid argument)", lines.line("perf_event_open", -22, true, 0x5000, 0, -1, -1, 0));
        assertEquals("perf_event_open(NULL, 0, -1, -1, 0) = -1 EFAULT (Bad address)",
                lines.line("perf_event_open", -14, true, 0, 0, -1, -1, 0));
        assertEquals("perf_event_open(0x7fff00000000, 0, -1, -1, 0) = -1 EFAULT (Bad address)",
                lines.line("perf_event_open", -14, true, BAD, 0, -1, -1, 0));
    }
}
