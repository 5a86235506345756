package io.dualmodem.uplink;

/**
 * What became of one upload attempt: {@code fault} is null when the server accepted the batch.
 * Routes branch on {@link #isLinkFault()} to start a line check.
 */
public record UploadOutcome(Fault fault, int readings, String detail) {

    public static UploadOutcome accepted(int readings, int status) {
        return new UploadOutcome(null, readings, "HTTP " + status);
    }

    public boolean isAccepted() {
        return fault == null;
    }

    public boolean isLinkFault() {
        return fault == Fault.LINK;
    }

    /** Whether this outcome calls the line into question: a link fault, or a breaker that opened. */
    public boolean needsLineCheck() {
        return fault == Fault.LINK || fault == Fault.HELD;
    }

    /** Whether the server answered (any status): proof that the line carries data. */
    public boolean serverAnswered() {
        return fault == null || fault == Fault.REJECTED || (fault == Fault.SERVER && detail.startsWith("HTTP"));
    }

    @Override
    public String toString() {
        return (fault == null ? "accepted" : fault + " fault") + " (" + readings + " readings, " + detail + ")";
    }
}
