package dev.ptrace.syscalls;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A family of related constants of one architecture, e.g. the open flags or the ptrace requests.
 *
 * <p>A {@linkplain Kind#FLAGS flag} family is decoded as a bitmask ({@code O_RDWR|O_CREAT|O_CLOEXEC}) and may
 * have an enumerated {@linkplain #fieldMask() field} inside it (the access mode under {@code O_ACCMODE}, the
 * mapping type under {@code MAP_TYPE}); its entries are ordered by value. A {@linkplain Kind#VALUES value}
 * family maps one number to one name and keeps the header's order. When several names share a value (aliases
 * such as {@code SIGIOT}/{@code SIGABRT}), the first entry is the canonical one.
 */
public final class ConstantFamily {

    /** How a family's values combine. */
    public enum Kind {
        /** Bit flags, or-ed together. */
        FLAGS,
        /** Enumerated values, one at a time. */
        VALUES
    }

    private final String name;
    private final Kind kind;
    private final long fieldMask;
    private final List<Constant> entries;
    private final Map<String, Constant> byName;
    private final Map<Long, Constant> byValue;
    private final List<Constant> field;
    private final List<Constant> multiBitFirst;

    private ConstantFamily(String name, Kind kind, long fieldMask, List<Constant> entries) {
        this.name = Objects.requireNonNull(name, "name");
        this.kind = Objects.requireNonNull(kind, "kind");
        this.fieldMask = fieldMask;
        this.entries = List.copyOf(entries);
        this.byName = new HashMap<>();
        this.byValue = new HashMap<>();
        List<Constant> fieldValues = new ArrayList<>();
        List<Constant> bits = new ArrayList<>();
        for (Constant c : this.entries) {
            byName.putIfAbsent(c.name(), c);
            byValue.putIfAbsent(c.value(), c);
            if (fieldMask != 0 && (c.value() & ~fieldMask) == 0) {
                fieldValues.add(c);
            } else if (c.value() != 0) {
                bits.add(c);
            }
        }
        bits.sort(Comparator.comparingInt((Constant c) -> -Long.bitCount(c.value())));
        this.field = List.copyOf(fieldValues);
        this.multiBitFirst = List.copyOf(bits);
    }

    /**
     * Starts a family; used by the generated tables.
     *
     * @param name the family's name, for example {@code openFlags}
     * @param kind whether values combine as flags or stand alone
     * @return a builder
     */
    public static Builder builder(String name, Kind kind) {
        return new Builder(name, kind);
    }

    /** {@return the family's name, for example {@code openFlags}} */
    public String name() {
        return name;
    }

    /** {@return whether values combine as flags or stand alone} */
    public Kind kind() {
        return kind;
    }

    /** {@return the mask of the enumerated field inside a flag family ({@code O_ACCMODE}), or 0 if there is none} */
    public long fieldMask() {
        return fieldMask;
    }

    /** {@return all entries, aliases included} */
    public List<Constant> entries() {
        return entries;
    }

    /**
     * {@return the entry with this name}
     *
     * @param constantName a macro name, aliases included
     */
    public Optional<Constant> byName(String constantName) {
        return Optional.ofNullable(byName.get(constantName));
    }

    /**
     * {@return the canonical (first) entry with exactly this value}
     *
     * @param value a value
     */
    public Optional<Constant> byValue(long value) {
        return Optional.ofNullable(byValue.get(value));
    }

    /**
     * {@return the value of a name, as a convenience for {@code byName(n).map(Constant::value)}}
     *
     * @param constantName a macro name, aliases included
     */
    public Optional<Long> valueOf(String constantName) {
        return byName(constantName).map(Constant::value);
    }

    /**
     * Formats a value the way strace does: a value family gives the name or the number, a flag family gives
     * {@code FIELD|FLAG|FLAG|0x<unknown bits>}, or the name of a zero entry (such as {@code PROT_NONE}) or "0"
     * when nothing is set.
     *
     * @param value the value to format
     * @return the text strace would print
     */
    public String format(long value) {
        if (kind == Kind.VALUES) {
            Constant c = byValue.get(value);
            return c != null ? c.name() : Long.toString(value);
        }
        List<String> parts = new ArrayList<>();
        long rest = value;
        if (fieldMask != 0) {
            long f = value & fieldMask;
            String fieldName = null;
            for (Constant c : field) {
                if (c.value() == f) {
                    fieldName = c.name();
                    break;
                }
            }
            parts.add(fieldName != null ? fieldName : "0x" + Long.toHexString(f));
            rest &= ~fieldMask;
        }
        List<Constant> matched = new ArrayList<>();
        for (Constant c : multiBitFirst) {
            if ((rest & c.value()) == c.value()) {
                matched.add(c);
                rest &= ~c.value();
            }
        }
        matched.sort(Comparator.comparingInt(entries::indexOf));
        for (Constant c : matched) {
            parts.add(c.name());
        }
        if (rest != 0) {
            parts.add("0x" + Long.toHexString(rest));
        }
        if (parts.isEmpty()) {
            Constant zero = byValue.get(0L);
            return zero != null ? zero.name() : "0";
        }
        return String.join("|", parts);
    }

    /** The family name and size, for diagnostics. */
    @Override
    public String toString() {
        return name + entries;
    }

    /** Collects the entries of a family in order. */
    public static final class Builder {
        private final String name;
        private final Kind kind;
        private long fieldMask;
        private final List<Constant> entries = new ArrayList<>();

        private Builder(String name, Kind kind) {
            this.name = name;
            this.kind = kind;
        }

        /**
         * Sets the mask of the enumerated field of a flag family.
         *
         * @param mask the field's mask, e.g. {@code O_ACCMODE}
         * @return this builder
         */
        public Builder fieldMask(long mask) {
            this.fieldMask = mask;
            return this;
        }

        /**
         * Adds an entry.
         *
         * @param constantName the macro name
         * @param value its value
         * @return this builder
         */
        public Builder add(String constantName, long value) {
            entries.add(new Constant(constantName, value));
            return this;
        }

        /** {@return the family} */
        public ConstantFamily build() {
            return new ConstantFamily(name, kind, fieldMask, entries);
        }
    }
}
