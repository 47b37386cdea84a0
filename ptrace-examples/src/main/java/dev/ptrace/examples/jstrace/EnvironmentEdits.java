package dev.ptrace.examples.jstrace;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * strace's {@code -E}: edits of the program's environment, applied in order to the entries jstrace was given, which
 * otherwise stay as they are, byte for byte and in their order. {@code NAME=VALUE} replaces the first entry named
 * NAME where it stands (an entry's name is what precedes its first {@code =}, or all of it), or is appended;
 * {@code NAME} removes every entry of that name.
 */
final class EnvironmentEdits {

    private EnvironmentEdits() {
    }

    /**
     * {@return the environment after the edits}
     *
     * @param environment the entries as given, not changed
     * @param edits the {@code -E} values in the order given, as bytes
     */
    static List<byte[]> apply(List<byte[]> environment, List<byte[]> edits) {
        List<byte[]> env = new ArrayList<>(environment);
        for (byte[] edit : edits) {
            int nameEnd = nameLength(edit);
            if (nameEnd < edit.length) {
                int at = indexOf(env, edit, nameEnd);
                if (at >= 0) {
                    env.set(at, edit.clone());
                } else {
                    env.add(edit.clone());
                }
            } else {
                env.removeIf(e -> sameName(e, edit, nameEnd));
            }
        }
        return env;
    }

    private static int indexOf(List<byte[]> env, byte[] edit, int nameEnd) {
        for (int i = 0; i < env.size(); i++) {
            if (sameName(env.get(i), edit, nameEnd)) {
                return i;
            }
        }
        return -1;
    }

    private static boolean sameName(byte[] entry, byte[] edit, int nameEnd) {
        return nameLength(entry) == nameEnd && Arrays.equals(entry, 0, nameEnd, edit, 0, nameEnd);
    }

    /** The length of an entry's name: up to its first {@code =}, or the whole entry. */
    private static int nameLength(byte[] entry) {
        for (int i = 0; i < entry.length; i++) {
            if (entry[i] == '=') {
                return i;
            }
        }
        return entry.length;
    }
}
