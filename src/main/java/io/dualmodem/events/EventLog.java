package io.dualmodem.events;

import io.dualmodem.datause.SimUse;
import io.dualmodem.failover.LineListener;
import io.dualmodem.modem.SwitchRecord;
import io.dualmodem.outbox.EventQueue;
import io.dualmodem.json.Json;
import io.dualmodem.radio.RadioReport;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Turns what happens to the box into events for the server (types and fields in the README's "Events" section) and
 * stores each in the {@link EventQueue} at once, so one that happens while the line is down is sent later.
 */
public final class EventLog implements LineListener {

    private final EventQueue queue;
    private final Clock wall;
    private final BooleanSupplier clockSynced;
    private final Supplier<Map<String, Object>> status;

    /** @param status the fields of the hourly status event (version, uptime, outbox depth, data use, …) */
    public EventLog(EventQueue queue, Clock wall, BooleanSupplier clockSynced, Supplier<Map<String, Object>> status) {
        this.queue = queue;
        this.wall = wall;
        this.clockSynced = clockSynced;
        this.status = status;
    }

    /** The application started: the status fields, as the hourly status has them. */
    public void started() {
        store("start", status.get());
    }

    /** The hourly status (the {@code report-status} route). */
    public void status() {
        store("status", status.get());
    }

    @Override
    public void beforeSwitch() {
    }

    /** A switch, power cycle or start-up restore that did something: from, to, reason with its evidence, steps. */
    @Override
    public void lineChanged(String modem, String device, Optional<SwitchRecord> record) {
        record.ifPresent(r -> {
            Map<String, Object> body = r.fields();
            body.put("ok", r.ok());
            body.put("device", device);
            store("switch", body);
        });
    }

    /** Modem control could not start, and why (it is tried again). */
    public void modemControlUnavailable(String why) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("reason", why);
        store("modem-control-unavailable", body);
    }

    /** A SIM passed 80 % of its monthly quota. */
    public void quotaWarning(SimUse use) {
        store("quota-warning", dataUse(use));
    }

    /** What ModemManager said of the radio (after each switch and every {@code modem.radio-interval}). */
    public void radio(RadioReport report) {
        store("radio", report.fields());
    }

    /** One SIM's use this month as event fields. */
    static Map<String, Object> dataUse(SimUse use) {
        Map<String, Object> node = new LinkedHashMap<>();
        node.put("sim", use.sim());
        node.put("board", use.board());
        node.put("month", use.month());
        node.put("sent", use.bytes().sent());
        node.put("received", use.bytes().received());
        if (use.quota() > 0) {
            node.put("quota", use.quota());
        }
        return node;
    }

    private void store(String type, Map<String, Object> body) {
        if (!clockSynced.getAsBoolean()) {
            body.put("clock", "unsynced");
        }
        queue.append(UUID.randomUUID().toString(), type, wall.instant().toString(), Json.text(body));
    }
}
