package io.dualmodem.uplink;

/** Why an upload failed, which decides what happens next. */
public enum Fault {
    /** The line did not carry the request (connect timeout, refused, unreachable, reset, no answer): the line is suspect. */
    LINK,
    /** The server answered but could not take the data now (5xx, 429, 408): retry later, the line is fine. */
    SERVER,
    /** The server refused this data (any other 4xx): quarantine it, never retry it, never block the queue. */
    REJECTED,
    /** Not sent: the circuit breaker is open after repeated failures; the readings wait, the line gets checked. */
    HELD
}
