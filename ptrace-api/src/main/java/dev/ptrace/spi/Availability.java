package dev.ptrace.spi;

/**
 * Whether a backend can be used, and if not, why.
 *
 * @param available whether it can be used
 * @param reason why not (empty when available)
 * @param cause the exception behind the reason, or null
 */
public record Availability(boolean available, String reason, Throwable cause) {

    private static final Availability AVAILABLE = new Availability(true, "", null);

    /** {@return a usable backend} */
    public static Availability ok() {
        return AVAILABLE;
    }

    /**
     * {@return an unusable backend}
     *
     * @param reason why, in a few words
     * @param cause the exception that made it unusable, may be null
     */
    public static Availability unavailable(String reason, Throwable cause) {
        return new Availability(false, reason, cause);
    }

    @Override
    public String toString() {
        return available ? "available" : "unavailable: " + reason;
    }
}
