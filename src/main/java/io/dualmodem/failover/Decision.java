package io.dualmodem.failover;

/** The policy's answer: make {@code target} the active modem, for this reason (with its evidence). */
public record Decision(String target, String reason) {
}
