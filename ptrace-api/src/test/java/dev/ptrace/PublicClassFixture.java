package dev.ptrace;

/** A public plain class in dev.ptrace: what {@link ArchitectureTest}'s rule must reject (test sources only). */
public class PublicClassFixture {
}
