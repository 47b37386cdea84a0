package dev.ptrace.strace.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ptrace.Arch;
import org.junit.jupiter.api.Test;

class ErrorFormatTest {
    private static String format(int errno) {
        StringBuilder sb = new StringBuilder();
        ErrorFormat.append(sb, errno, SyscallTables.of(Arch.X86_64));
        return sb.toString();
    }

    @Test
    void strerrorTextAsStracePrintsIt() {
        assertEquals("-1 ENOENT (No such file or directory)", format(2));
        assertEquals("-1 EIO (Input/output error)", format(5));
        assertEquals("-1 EAGAIN (Resource temporarily unavailable)", format(11));
        assertEquals("-1 ENOTTY (Inappropriate ioctl for device)", format(25));
        assertEquals("-1 EHWPOISON (Memory page has hardware error)", format(133));
    }

    @Test
    void restartCodesUseStracesWording() {
        assertEquals("? ERESTARTSYS (To be restarted if SA_RESTART is set)", format(512));
        assertEquals("? ERESTARTNOINTR (To be restarted)", format(513));
        assertEquals("? ERESTARTNOHAND (To be restarted if no handler)", format(514));
        assertEquals("? ERESTART_RESTARTBLOCK (Interrupted by signal)", format(516));
    }

    @Test
    void otherKernelCodesAndUnknownNumbersGetStrerror() {
        assertEquals("-1 ENOIOCTLCMD (Unknown error 515)", format(515));
        assertEquals("-1 EPROBE_DEFER (Unknown error 517)", format(517));
        assertEquals("-1 ERRNO_134 (Unknown error 134)", format(134));
        assertEquals("-1 ERRNO_600 (Unknown error 600)", format(600));
    }
}
