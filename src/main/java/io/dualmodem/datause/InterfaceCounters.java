package io.dualmodem.datause;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The kernel's byte counters of a network interface, from {@code /sys/class/net/IF/statistics/{tx,rx}_bytes}, with
 * the interface's {@code ifindex}: an interface deleted and created again (ppp0 after a reconnect, a modem powered
 * off and on) gets a new index, and its counters start again from zero.
 */
public final class InterfaceCounters {

    /** One look at an interface's counters. */
    public record Reading(int ifindex, long sent, long received) {
    }

    private final Path classNet;

    /** @param classNet the kernel's {@code /sys/class/net}, or another network namespace's view of it */
    public InterfaceCounters(Path classNet) {
        this.classNet = classNet;
    }

    /** The counters of {@code iface} now; empty when there is no such interface (it went away, or never was). */
    public Optional<Reading> read(String iface) {
        if (iface == null || iface.isEmpty() || iface.contains("/") || iface.startsWith(".")) {
            return Optional.empty();
        }
        Path dir = classNet.resolve(iface);
        try {
            int ifindex = Integer.parseInt(Files.readString(dir.resolve("ifindex")).trim());
            long sent = Long.parseLong(Files.readString(dir.resolve("statistics/tx_bytes")).trim());
            long received = Long.parseLong(Files.readString(dir.resolve("statistics/rx_bytes")).trim());
            return Optional.of(new Reading(ifindex, sent, received));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }
}
