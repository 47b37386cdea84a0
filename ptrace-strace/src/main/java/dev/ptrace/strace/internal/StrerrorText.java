package dev.ptrace.strace.internal;

import java.util.HashMap;
import java.util.Map;

/**
 * The C library's {@code strerror} wording, which strace prints, where it differs from the kernel header
 * comments that {@link dev.ptrace.Errno#description()} carries (wording from errno(3) and glibc's messages).
 */
final class StrerrorText {
    private static final Map<String, String> TEXT = new HashMap<>();

    static {
        String[] pairs = {
            "EIO", "Input/output error",
            "EBADF", "Bad file descriptor",
            "EAGAIN", "Resource temporarily unavailable",
            "ENOMEM", "Cannot allocate memory",
            "ENOTTY", "Inappropriate ioctl for device",
            "EXDEV", "Invalid cross-device link",
            "ENFILE", "Too many open files in system",
            "EFBIG", "File too large",
            "EDOM", "Numerical argument out of domain",
            "ERANGE", "Numerical result out of range",
            "EDEADLK", "Resource deadlock avoided",
            "ENOLCK", "No locks available",
            "ENOSYS", "Function not implemented",
            "ELOOP", "Too many levels of symbolic links",
            "ENOMSG", "No message of desired type",
            "EIDRM", "Identifier removed",
            "ENOSTR", "Device not a stream",
            "ENODATA", "No data available",
            "ETIME", "Timer expired",
            "ENOSR", "Out of streams resources",
            "ENOLINK", "Link has been severed",
            "EBADMSG", "Bad message",
            "EOVERFLOW", "Value too large for defined data type",
            "EILSEQ", "Invalid or incomplete multibyte or wide character",
            "ENOTSOCK", "Socket operation on non-socket",
            "EDESTADDRREQ", "Destination address required",
            "EMSGSIZE", "Message too long",
            "EPROTOTYPE", "Protocol wrong type for socket",
            "ENOPROTOOPT", "Protocol not available",
            "EPROTONOSUPPORT", "Protocol not supported",
            "ESOCKTNOSUPPORT", "Socket type not supported",
            "EOPNOTSUPP", "Operation not supported",
            "EPFNOSUPPORT", "Protocol family not supported",
            "EAFNOSUPPORT", "Address family not supported by protocol",
            "EADDRINUSE", "Address already in use",
            "EADDRNOTAVAIL", "Cannot assign requested address",
            "ENETDOWN", "Network is down",
            "ENETUNREACH", "Network is unreachable",
            "ENETRESET", "Network dropped connection on reset",
            "ECONNABORTED", "Software caused connection abort",
            "ECONNRESET", "Connection reset by peer",
            "ENOBUFS", "No buffer space available",
            "EISCONN", "Transport endpoint is already connected",
            "ENOTCONN", "Transport endpoint is not connected",
            "ESHUTDOWN", "Cannot send after transport endpoint shutdown",
            "ETOOMANYREFS", "Too many references: cannot splice",
            "ETIMEDOUT", "Connection timed out",
            "ECONNREFUSED", "Connection refused",
            "EHOSTDOWN", "Host is down",
            "EHOSTUNREACH", "No route to host",
            "EALREADY", "Operation already in progress",
            "EINPROGRESS", "Operation now in progress",
            "ESTALE", "Stale file handle",
            "EDQUOT", "Disk quota exceeded",
            "ENOMEDIUM", "No medium found",
            "ECANCELED", "Operation canceled",
            "ENOKEY", "Required key not available",
            "EKEYEXPIRED", "Key has expired",
            "EKEYREVOKED", "Key has been revoked",
            "EKEYREJECTED", "Key was rejected by service",
            "EOWNERDEAD", "Owner died",
            "ENOTRECOVERABLE", "State not recoverable",
            "ERFKILL", "Operation not possible due to RF-kill",
            "EHWPOISON", "Memory page has hardware error",
            "ENOTEMPTY", "Directory not empty",
            "ENAMETOOLONG", "File name too long",
            "EREMOTEIO", "Remote I/O error",
            "EUCLEAN", "Structure needs cleaning",
            "ECHRNG", "Channel number out of range",
            "ETXTBSY", "Text file busy",
            "EPIPE", "Broken pipe",
            "ESPIPE", "Illegal seek",
            "EROFS", "Read-only file system",
            "EMLINK", "Too many links",
            "ENOSPC", "No space left on device",
            "EMFILE", "Too many open files",
            "ENOEXEC", "Exec format error",
            "E2BIG", "Argument list too long",
            "ENXIO", "No such device or address",
            "ENODEV", "No such device",
            "ENOTDIR", "Not a directory",
            "EISDIR", "Is a directory",
            "EEXIST", "File exists",
            "EBUSY", "Device or resource busy",
            "ENOTBLK", "Block device required",
            "EPROTO", "Protocol error",
            "EBADFD", "File descriptor in bad state",
            "EREMCHG", "Remote address changed",
            "EUSERS", "Too many users",
            "ENOTUNIQ", "Name not unique on network",
            "ESTRPIPE", "Streams pipe error",
            "EMEDIUMTYPE", "Wrong medium type",
        };
        for (int i = 0; i < pairs.length; i += 2) {
            TEXT.put(pairs[i], pairs[i + 1]);
        }
    }

    private StrerrorText() {
    }

    /** strerror's text for the errno with this name, or null to use the kernel's description. */
    static String of(String name) {
        return TEXT.get(name);
    }
}
