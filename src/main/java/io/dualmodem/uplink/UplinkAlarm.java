package io.dualmodem.uplink;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The uplink's alarm for a server that refuses us rather than our data, or that rejects every reading as if each
 * were bad. Raised with a plain line that names the status and the likely fix, logged once per episode (again only
 * when the refusal changes), shown in JMX and the uplink health check until the server accepts an upload.
 */
final class UplinkAlarm {

    private static final Logger LOG = LoggerFactory.getLogger(UplinkAlarm.class);

    private volatile String text;

    /** What an operator should read for a refusing answer. */
    static String forStatus(int status) {
        return switch (status) {
            case 401 -> "server refuses our credentials (HTTP 401): check uplink.url / uplink.headers";
            case 403 -> "server forbids us this (HTTP 403): check the credentials in uplink.url / uplink.headers"
                    + " and what the account may do";
            case 404 -> "server has nothing at this URL (HTTP 404): check the path in uplink.url";
            case 405 -> "server does not take POST at this URL (HTTP 405): check uplink.url";
            case 407 -> "a proxy wants credentials (HTTP 407): check the network's proxy";
            case 410 -> "server has retired this URL (HTTP 410): set the new one in uplink.url";
            default -> status >= 300 && status < 400
                    ? "server redirects us (HTTP " + status + "), which the uplink does not follow: check uplink.url"
                            + " (https? the path?)"
                    : "server refuses our requests (HTTP " + status + "): check uplink.url / uplink.headers";
        };
    }

    /** What an operator should read when the server has rejected {@code count} readings in a row, none accepted. */
    static String forRejections(int status, int count) {
        String likely = switch (status) {
            case 415 -> "check uplink.gzip (does the server take gzip?) and the server";
            case 413 -> "lower uplink.batch-size, or check the server's size limit";
            default -> "check uplink.url and the server";
        };
        return "server rejected the last " + count + " readings one by one (HTTP " + status + ") and accepted none:"
                + " it refuses every reading, not a bad one: " + likely;
    }

    synchronized void raise(String alarm) {
        raise(alarm, "Readings are kept and retried");
    }

    synchronized void raise(String alarm, String readings) {
        if (!alarm.equals(text)) {
            LOG.warn("Uplink alarm: {}. {}.", alarm, readings);
        }
        text = alarm;
    }

    synchronized void clear(int status) {
        if (text != null) {
            LOG.info("Uplink alarm over: the server accepted an upload (HTTP {})", status);
            text = null;
        }
    }

    /** The alarm's text, or null when there is none. */
    String text() {
        return text;
    }
}
