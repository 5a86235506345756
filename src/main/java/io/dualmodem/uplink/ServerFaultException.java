package io.dualmodem.uplink;

/**
 * Thrown inside the circuit breaker for an answer that counts against it (5xx, 429, 408), so the breaker sees a
 * failure; it carries the answer and nothing else — no URL, no body.
 */
public final class ServerFaultException extends RuntimeException {

    private final transient ServerAnswer answer;

    public ServerFaultException(ServerAnswer answer) {
        super(answer.toString(), null, false, false);
        this.answer = answer;
    }

    public ServerAnswer answer() {
        return answer;
    }
}
