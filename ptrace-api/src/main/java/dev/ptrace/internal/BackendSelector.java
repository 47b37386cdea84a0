package dev.ptrace.internal;

import dev.ptrace.NoBackendException;
import dev.ptrace.spi.Availability;
import dev.ptrace.spi.TracerProvider;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The backend selection rules, as a pure function of the discovered providers and the configuration (not part
 * of the API; its package is not exported).
 *
 * <ol>
 *   <li>{@code ptrace.backend=NAME} pins one backend strictly: missing or unusable is an error, never a fallback.
 *       {@code none} switches tracing off.</li>
 *   <li>Otherwise candidates are tried in the order of {@code ptrace.backends} (default {@code ffm,jna,jnr} on
 *       JDK 22 and later, {@code jna,jnr} before), then the others by priority and name; the first available one
 *       wins.</li>
 *   <li>A provider built against another SPI version is unavailable.</li>
 * </ol>
 */
public final class BackendSelector {

    /** Configuration key (system property) and the environment variable that pins a backend. */
    public static final String BACKEND = "ptrace.backend";
    /** Environment variable equivalent of {@link #BACKEND}. */
    public static final String BACKEND_ENV = "PTRACE_BACKEND";
    /** Configuration key of the preference order. */
    public static final String ORDER = "ptrace.backends";
    /** The built-in preference order on the running JDK ({@link #defaultOrder(int)}). */
    public static final List<String> DEFAULT_ORDER = defaultOrder(Runtime.version().feature());

    private static final Pattern NAME = Pattern.compile("[a-z0-9]+");

    /** The chosen provider and the outcome of every probe made. */
    public record Selection(TracerProvider provider, Map<String, Availability> probed) {
    }

    private BackendSelector() {
    }

    /**
     * The built-in preference order on a JDK: the JDK's own FFM backend first where the JDK has the FFM API (22 and
     * later), then JNA, then jnr-ffi.
     *
     * @param jdkFeature the JDK's feature release, as {@code Runtime.version().feature()}
     * @return the backend names, most preferred first
     */
    public static List<String> defaultOrder(int jdkFeature) {
        return jdkFeature >= 22 ? List.of("ffm", "jna", "jnr") : List.of("jna", "jnr");
    }

    /**
     * Selects a backend.
     *
     * @param discovered the providers found on the classpath
     * @param config {@link #BACKEND}, {@link #BACKEND_ENV} and {@link #ORDER} values (absent keys allowed)
     * @throws NoBackendException if nothing usable is found, listing every candidate and why
     * @throws IllegalArgumentException if a configured value is malformed
     */
    public static Selection select(List<TracerProvider> discovered, Map<String, String> config) {
        String pinned = config.get(BACKEND);
        String pinSource = "-D" + BACKEND;
        if (pinned == null || pinned.isBlank()) {
            pinned = config.get(BACKEND_ENV);
            pinSource = BACKEND_ENV;
        }
        if (pinned != null && !pinned.isBlank()) {
            return selectPinned(discovered, pinned.trim(), pinSource);
        }
        List<String> order = parseOrder(config.get(ORDER));
        List<TracerProvider> candidates = orderCandidates(discovered, order);
        Map<String, Availability> probed = new LinkedHashMap<>();
        for (TracerProvider p : candidates) {
            Availability a = probe(p);
            probed.put(p.name(), a);
            if (a.available()) {
                return new Selection(p, probed);
            }
        }
        throw noneUsable(order, probed);
    }

    /** Probes a provider without letting it throw, and checks its SPI version. */
    public static Availability probe(TracerProvider p) {
        try {
            if (p.spiVersion() != TracerProvider.SPI_VERSION) {
                return Availability.unavailable("compiled against SPI v" + p.spiVersion() + ", runtime API has v"
                        + TracerProvider.SPI_VERSION + " — align the dev.ptrace artifact versions", null);
            }
            Availability a = p.probe();
            return a == null ? Availability.unavailable("probe returned nothing", null) : a;
        } catch (LinkageError | RuntimeException e) {
            return Availability.unavailable(e.toString(), e);
        }
    }

    /** Orders providers: those named in {@code order} first, in that order, then by priority and name. */
    public static List<TracerProvider> orderCandidates(List<TracerProvider> discovered, List<String> order) {
        List<TracerProvider> sorted = new ArrayList<>(discovered);
        sorted.sort(Comparator.<TracerProvider>comparingInt(p -> {
            int i = order.indexOf(p.name());
            return i < 0 ? Integer.MAX_VALUE : i;
        }).thenComparing(Comparator.comparingInt(TracerProvider::priority).reversed())
                .thenComparing(TracerProvider::name));
        return sorted;
    }

    private static Selection selectPinned(List<TracerProvider> discovered, String name, String source) {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("ptrace backend name '" + name + "' given via " + source
                    + " is malformed: use lower-case letters and digits, e.g. jna, jnr or none");
        }
        if (name.equals("none")) {
            throw new NoBackendException("ptrace is switched off (" + source + "=none)");
        }
        for (TracerProvider p : discovered) {
            if (name.equals(p.name())) {
                Availability a = probe(p);
                if (a.available()) {
                    return new Selection(p, Map.of(name, a));
                }
                throw new NoBackendException("ptrace backend '" + name + "' was requested via " + source
                        + " but is unusable: " + a.reason(), a.cause());
            }
        }
        List<String> names = discovered.stream().map(TracerProvider::name).sorted().toList();
        throw new NoBackendException("ptrace backend '" + name + "' was requested via " + source
                + " but is not on the classpath. Available: " + names + ". Add dev.ptrace:ptrace-backend-" + name
                + " to the runtime classpath.");
    }

    private static List<String> parseOrder(String value) {
        if (value == null || value.isBlank()) {
            return DEFAULT_ORDER;
        }
        List<String> names = Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
        for (String n : names) {
            if (!NAME.matcher(n).matches()) {
                throw new IllegalArgumentException("ptrace backend name '" + n + "' in -D" + ORDER
                        + " is malformed: use lower-case letters and digits, e.g. jna,jnr");
            }
        }
        return names;
    }

    private static NoBackendException noneUsable(List<String> order, Map<String, Availability> probed) {
        StringBuilder sb = new StringBuilder("No usable ptrace backend (order: ")
                .append(String.join(", ", order)).append("; set -D").append(BACKEND)
                .append("=<name> to force one).");
        for (String n : order) {
            if (!probed.containsKey(n)) {
                sb.append("\n  - ").append(n).append(": not on the classpath");
            }
        }
        probed.forEach((n, a) -> sb.append("\n  - ").append(n).append(": ").append(a));
        List<String> artifacts = DEFAULT_ORDER.stream().map(n -> "dev.ptrace:ptrace-backend-" + n).toList();
        sb.append("\nAdd ").append(String.join(", ", artifacts.subList(0, artifacts.size() - 1)))
                .append(" or ").append(artifacts.get(artifacts.size() - 1)).append(" to the runtime classpath.");
        NoBackendException e = new NoBackendException(sb.toString());
        probed.values().stream().map(Availability::cause).filter(Objects::nonNull).forEach(e::addSuppressed);
        return e;
    }
}
