package io.dualmodem.uplink;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dualmodem.outbox.Reading;
import java.util.List;

/**
 * The JSON body of an upload (documented in the README):
 * <pre>{"device":"pi-01","readings":[{"id":"…","seq":42,"time":"2026-11-23T22:00:00.123Z","celsius":21.5}]}</pre>
 * An error reading has {@code "error"} instead of {@code "celsius"}; a simulated one has {@code "simulated":true};
 * one sampled before the system clock was synchronized, and sent before its time could be corrected,
 * has {@code "clock":"unsynced"}.
 */
public final class Payload {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Payload() {
    }

    public static String toJson(String device, List<Reading> batch) {
        ObjectNode body = JSON.createObjectNode();
        body.put("device", device);
        ArrayNode readings = body.putArray("readings");
        for (Reading r : batch) {
            ObjectNode node = readings.addObject();
            node.put("id", r.id());
            node.put("seq", r.seq());
            node.put("time", r.time().toString());
            if (r.celsius() != null) {
                node.put("celsius", r.celsius());
            } else {
                node.put("error", r.error());
            }
            if (r.simulated()) {
                node.put("simulated", true);
            }
            if (!r.clockSynced()) {
                node.put("clock", "unsynced");
            }
        }
        try {
            return JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }
}
