package io.dualmodem.ops;

/**
 * Bytes one SIM moved this calendar month, for the status page. The counters that fill it (issue 10, outcome 3) are
 * not part of this page: until they are wired in, the page says that data use is not counted, and shows no number.
 */
public record SimDataUse(String modem, String sim, long sentBytes, long receivedBytes, Long monthlyQuotaBytes) {
}
