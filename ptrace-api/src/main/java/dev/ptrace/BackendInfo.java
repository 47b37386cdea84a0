package dev.ptrace;

import dev.ptrace.spi.Availability;

/**
 * A discovered native backend and whether it can be used here.
 *
 * @param name the backend's name, e.g. {@code "jna"}
 * @param priority its priority among backends not named in the preference order
 * @param availability the result of its probe
 */
public record BackendInfo(String name, int priority, Availability availability) {
}
