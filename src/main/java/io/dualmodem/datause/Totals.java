package io.dualmodem.datause;

/** Bytes sent and received. */
public record Totals(long sent, long received) {

    public static final Totals NONE = new Totals(0, 0);

    public Totals plus(Totals other) {
        return new Totals(sent + other.sent, received + other.received);
    }

    public long total() {
        return sent + received;
    }
}
