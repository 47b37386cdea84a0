package dev.ptrace.jna;

/** Names of ptrace requests for error messages (numbers from {@code <linux/ptrace.h>} and the arch headers). */
final class PtraceRequests {

    private PtraceRequests() {
    }

    /** The call string for a request, e.g. {@code "ptrace(PTRACE_GETREGSET)"}; constant for known requests. */
    static String call(int request) {
        switch (request) {
            case 0: return "ptrace(PTRACE_TRACEME)";
            case 1: return "ptrace(PTRACE_PEEKTEXT)";
            case 2: return "ptrace(PTRACE_PEEKDATA)";
            case 3: return "ptrace(PTRACE_PEEKUSER)";
            case 4: return "ptrace(PTRACE_POKETEXT)";
            case 5: return "ptrace(PTRACE_POKEDATA)";
            case 6: return "ptrace(PTRACE_POKEUSER)";
            case 7: return "ptrace(PTRACE_CONT)";
            case 8: return "ptrace(PTRACE_KILL)";
            case 9: return "ptrace(PTRACE_SINGLESTEP)";
            case 12: return "ptrace(PTRACE_GETREGS)";
            case 13: return "ptrace(PTRACE_SETREGS)";
            case 14: return "ptrace(PTRACE_GETFPREGS)";
            case 15: return "ptrace(PTRACE_SETFPREGS)";
            case 16: return "ptrace(PTRACE_ATTACH)";
            case 17: return "ptrace(PTRACE_DETACH)";
            case 24: return "ptrace(PTRACE_SYSCALL)";
            case 31: return "ptrace(PTRACE_SYSEMU)";
            case 32: return "ptrace(PTRACE_SYSEMU_SINGLESTEP)";
            case 33: return "ptrace(PTRACE_SINGLEBLOCK)";
            case 0x4200: return "ptrace(PTRACE_SETOPTIONS)";
            case 0x4201: return "ptrace(PTRACE_GETEVENTMSG)";
            case 0x4202: return "ptrace(PTRACE_GETSIGINFO)";
            case 0x4203: return "ptrace(PTRACE_SETSIGINFO)";
            case 0x4204: return "ptrace(PTRACE_GETREGSET)";
            case 0x4205: return "ptrace(PTRACE_SETREGSET)";
            case 0x4206: return "ptrace(PTRACE_SEIZE)";
            case 0x4207: return "ptrace(PTRACE_INTERRUPT)";
            case 0x4208: return "ptrace(PTRACE_LISTEN)";
            case 0x4209: return "ptrace(PTRACE_PEEKSIGINFO)";
            case 0x420a: return "ptrace(PTRACE_GETSIGMASK)";
            case 0x420b: return "ptrace(PTRACE_SETSIGMASK)";
            case 0x420c: return "ptrace(PTRACE_SECCOMP_GET_FILTER)";
            case 0x420d: return "ptrace(PTRACE_SECCOMP_GET_METADATA)";
            case 0x420e: return "ptrace(PTRACE_GET_SYSCALL_INFO)";
            case 0x420f: return "ptrace(PTRACE_GET_RSEQ_CONFIGURATION)";
            case 0x4210: return "ptrace(PTRACE_SET_SYSCALL_USER_DISPATCH_CONFIG)";
            case 0x4211: return "ptrace(PTRACE_GET_SYSCALL_USER_DISPATCH_CONFIG)";
            case 0x4212: return "ptrace(PTRACE_SET_SYSCALL_INFO)";
            default: return "ptrace(" + request + ")";
        }
    }
}
