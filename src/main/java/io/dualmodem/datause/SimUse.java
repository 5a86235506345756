package io.dualmodem.datause;

/**
 * What one SIM used in one calendar month: a row of the data-use table (JMX, health, status page).
 *
 * @param quota bytes a month, 0 for none
 */
public record SimUse(String sim, String board, String month, Totals bytes, long quota, boolean active) {

    /** Share of the quota used, in percent; 0 without a quota. */
    public double percentOfQuota() {
        return quota == 0 ? 0 : 100.0 * bytes.total() / quota;
    }

    /** Whether the SIM has used 80 % of its quota or more this month. */
    public boolean quotaWarning() {
        return quota > 0 && bytes.total() >= DataUse.WARN_AT * quota;
    }

    /** One line for JMX and logs, e.g. {@code a:gsm-3gpi-soracom 2026-12: sent 1.2 MB, received 3.4 MB (0.9 % of 500 MB)}. */
    public String describe() {
        return sim + " " + month + ": sent " + ByteSize.format(bytes.sent()) + ", received " + ByteSize.format(bytes.received())
                + (quota == 0 ? "" : String.format(java.util.Locale.ROOT, " (%.1f %% of %s)", percentOfQuota(),
                ByteSize.format(quota))) + (active ? ", active" : "");
    }
}
