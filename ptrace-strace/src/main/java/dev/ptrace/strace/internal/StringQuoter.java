package dev.ptrace.strace.internal;

import dev.ptrace.strace.StringsInHex;

/**
 * The one string escaper: quotes bytes the way strace prints strings. Printable ASCII stays as is, {@code "} and
 * {@code \} are escaped, {@code \t \n \v \f \r} use their C names, every other byte is an octal escape that is
 * as short as possible unless a digit follows it.
 */
public final class StringQuoter {
    private StringQuoter() {
    }

    /** Appends {@code "..."} for {@code length} bytes of {@code data}. */
    public static void quote(StringBuilder out, byte[] data, int length) {
        quote(out, data, length, StringsInHex.NONE);
    }

    /**
     * Appends {@code "..."} for {@code length} bytes of {@code data}, in hex as {@code hex} says: {@code -xx}
     * every byte, {@code -x} every byte of a string that has a non-printable one, non-ascii-chars the
     * non-printable bytes ({@code \t}, {@code \n}, {@code \v}, {@code \f}, {@code \r} keep their names).
     */
    public static void quote(StringBuilder out, byte[] data, int length, StringsInHex hex) {
        if (hex == StringsInHex.ALL || hex == StringsInHex.NON_ASCII && !printable(data, length)) {
            quoteHex(out, data, length);
            return;
        }
        boolean hexEscapes = hex != StringsInHex.NONE;
        out.append('"');
        for (int i = 0; i < length; i++) {
            int c = data[i] & 0xff;
            switch (c) {
                case '"': out.append("\\\""); break;
                case '\\': out.append("\\\\"); break;
                case '\t': out.append("\\t"); break;
                case '\n': out.append("\\n"); break;
                case 0x0b: out.append("\\v"); break;
                case '\f': out.append("\\f"); break;
                case '\r': out.append("\\r"); break;
                default:
                    if (c >= 0x20 && c < 0x7f) {
                        out.append((char) c);
                    } else if (hexEscapes) {
                        out.append("\\x").append(Character.forDigit(c >> 4, 16))
                                .append(Character.forDigit(c & 15, 16));
                    } else {
                        boolean digitFollows = i + 1 < length && data[i + 1] >= '0' && data[i + 1] <= '7';
                        out.append('\\');
                        if (digitFollows || c >= 0100) {
                            out.append((char) ('0' + (c >> 6))).append((char) ('0' + ((c >> 3) & 7)));
                        } else if (c >= 010) {
                            out.append((char) ('0' + ((c >> 3) & 7)));
                        }
                        out.append((char) ('0' + (c & 7)));
                    }
            }
        }
        out.append('"');
    }

    /** Whether every byte is printable ASCII or one of the whitespace bytes with a C escape name. */
    private static boolean printable(byte[] data, int length) {
        for (int i = 0; i < length; i++) {
            int c = data[i] & 0xff;
            if ((c < 0x20 || c >= 0x7f) && (c < '\t' || c > '\r')) {
                return false;
            }
        }
        return true;
    }

    /** Appends {@code "\x..\x.."}: every byte in hex (strace does this for random bytes). */
    public static void quoteHex(StringBuilder out, byte[] data, int length) {
        out.append('"');
        for (int i = 0; i < length; i++) {
            int c = data[i] & 0xff;
            out.append("\\x").append(Character.forDigit(c >> 4, 16)).append(Character.forDigit(c & 15, 16));
        }
        out.append('"');
    }
}
