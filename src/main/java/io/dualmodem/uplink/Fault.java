package io.dualmodem.uplink;

/** Why an upload failed, which decides what happens next. */
public enum Fault {
    /** The line did not carry the request (connect timeout, refused, unreachable, reset, no timely answer): the line is suspect. */
    LINK,
    /** The server answered but could not take the data now (5xx, 429, 408): retry later, the line is fine. */
    SERVER,
    /**
     * The server refuses us, not the data (401, 403, 404, 405, 410, an unfollowed 3xx, any other 4xx), or the HTTP
     * client cannot send the request: our settings or the server's are wrong. Readings are kept, the uplink backs off
     * and raises an alarm until an upload is accepted.
     */
    MISCONFIGURED,
    /** The server refused this data (400, 413, 415, 422): quarantine it, never retry it, never block the queue. */
    REJECTED,
    /** Not sent: the circuit breaker is open after repeated failures; the readings wait, the line gets checked. */
    HELD
}
