package io.dualmodem.uplink;

/**
 * What became of one upload attempt: {@code fault} is null when the server accepted the batch;
 * {@code httpStatus} is the server's answer, 0 when there was none.
 */
public record UploadOutcome(Fault fault, int readings, int httpStatus, String detail) {

    public static UploadOutcome accepted(int readings, int status) {
        return new UploadOutcome(null, readings, status, "HTTP " + status);
    }

    public static UploadOutcome answered(Fault fault, int readings, int status) {
        return new UploadOutcome(fault, readings, status, "HTTP " + status);
    }

    public static UploadOutcome answered(Fault fault, int readings, ServerAnswer answer) {
        return new UploadOutcome(fault, readings, answer.status(), answer.toString());
    }

    public boolean isAccepted() {
        return fault == null;
    }

    /** Whether this outcome calls the line into question: a link fault, or a breaker that opened. */
    public boolean needsLineCheck() {
        return fault == Fault.LINK || fault == Fault.HELD;
    }

    /** Whether the server answered (any status): proof that the line carries data. */
    public boolean serverAnswered() {
        return httpStatus > 0;
    }

    @Override
    public String toString() {
        return (fault == null ? "accepted" : fault + " fault") + " (" + readings + " readings, " + detail + ")";
    }
}
