package io.dualmodem.modem;

/** One of the two modems: its id ({@code a} or {@code b}), board, NetworkManager profile and whether it is the primary. */
public record Modem(String id, ModemBoard board, ProfileSpec profile, boolean primary) {
}
