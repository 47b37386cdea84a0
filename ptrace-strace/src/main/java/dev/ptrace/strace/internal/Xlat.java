package dev.ptrace.strace.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An ordered list of named constants, and the one place that turns a value into names: {@link #flags} for bit
 * sets ({@code O_CREAT|O_CLOEXEC}), {@link #name} for enumerations ({@code SEEK_SET}).
 */
public final class Xlat {

    /** One named value. */
    public record Entry(String name, long value) {
    }

    private static final Xlat EMPTY = new Xlat(List.of());

    private final List<Entry> entries;
    private final Map<Long, String> byValue = new LinkedHashMap<>();

    /** A table with these entries, in the order flags are printed. */
    public Xlat(List<Entry> entries) {
        this.entries = List.copyOf(entries);
        for (Entry e : this.entries) {
            byValue.putIfAbsent(e.value(), e.name());
        }
    }

    /** A table without entries. */
    public static Xlat empty() {
        return EMPTY;
    }

    /** Builds a table from alternating name and value arguments (tests, small fixed lists). */
    public static Xlat of(Object... nameValuePairs) {
        List<Entry> list = new ArrayList<>();
        for (int i = 0; i < nameValuePairs.length; i += 2) {
            list.add(new Entry((String) nameValuePairs[i], ((Number) nameValuePairs[i + 1]).longValue()));
        }
        return new Xlat(list);
    }

    /** The entries in order. */
    public List<Entry> entries() {
        return Collections.unmodifiableList(entries);
    }

    /** Whether the table has no entries. */
    public boolean isEmpty() {
        return entries.isEmpty();
    }

    /** The first name with exactly this value, or null. */
    public String name(long value) {
        return byValue.get(value);
    }

    /** The value of a name, or null. */
    public Long value(String name) {
        for (Entry e : entries) {
            if (e.name().equals(name)) {
                return e.value();
            }
        }
        return null;
    }

    /**
     * Appends the names of the set bits joined by {@code |}, in table order, with the bits no name covers in
     * hex at the end. Entries with value 0 and entries covering several bits that are not all set are skipped.
     *
     * @return whether anything was appended (false for 0)
     */
    public boolean appendFlags(StringBuilder out, long value) {
        long rest = value;
        boolean any = false;
        for (Entry e : entries) {
            long v = e.value();
            if (v != 0 && (rest & v) == v) {
                if (any) {
                    out.append('|');
                }
                out.append(e.name());
                rest &= ~v;
                any = true;
            }
        }
        if (rest != 0) {
            if (any) {
                out.append('|');
            }
            out.append("0x").append(Long.toHexString(rest));
            any = true;
        }
        return any;
    }
}
