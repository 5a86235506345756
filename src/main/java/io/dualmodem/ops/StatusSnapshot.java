package io.dualmodem.ops;

import io.dualmodem.modem.SwitchRecord;
import java.time.Instant;
import java.util.List;

/**
 * Everything the status page shows, read at one moment: the page is drawn from this alone, so a test can draw it from
 * values it chose.
 *
 * @param at           wall time of the snapshot; the chart's and the timeline's right edge
 * @param started      wall time this process started: what came before is unknown unless a switch record tells
 * @param temperatures the last 24 h, oldest first ({@link TemperatureHistory})
 * @param switches     the remembered switches, oldest first
 * @param dataUse      per SIM this month; empty while data use is not counted
 */
public record StatusSnapshot(Instant at, Instant started, String device, boolean simulated, Health health, Line line, Queue queue,
                             List<TemperatureHistory.Point> temperatures, List<SwitchRecord> switches,
                             List<SimDataUse> dataUse) {

    /** Camel's checks: UP, or the checks that are DOWN with their messages. */
    public record Health(boolean up, List<String> problems) {
    }

    /**
     * The line in use. {@code active} is the modem id ({@code a}, {@code b}) or null when none is known;
     * {@code control} is "on", "off: why" or "unavailable: why"; {@code names} maps each modem id to "board, profile".
     */
    public record Line(String active, String primary, String failoverState, String control, java.util.Map<String, String> names) {
    }

    /** The outbox and the uplink. */
    public record Queue(long depth, long capacity, long uploaded, String lastAccepted, String alarm) {
    }
}
