package io.dualmodem.ops;

/** Bytes one SIM moved this calendar month, for the status page (from {@code datause.DataUse}). */
public record SimDataUse(String modem, String sim, long sentBytes, long receivedBytes, Long monthlyQuotaBytes) {
}
