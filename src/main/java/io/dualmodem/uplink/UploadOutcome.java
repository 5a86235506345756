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

    @Override
    public String toString() {
        return (fault == null ? "accepted" : fault + " fault") + " (" + readings + " readings, " + detail + ")";
    }
}
