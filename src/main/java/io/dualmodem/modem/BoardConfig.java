package io.dualmodem.modem;

/** One board as configured: its id ({@code a} or {@code b}), name, GPIO lines (BCM) and NetworkManager profile. */
public record BoardConfig(String id, String name, int powerPin, int statusPin, int resetPin, ProfileSpec profile) {
}
