package io.dualmodem.ops;

import com.fasterxml.jackson.core.JsonGenerator;
import io.dualmodem.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeMap;
import org.apache.camel.CamelContext;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckHelper;

/**
 * Camel's liveness and readiness checks (the context, the routes, {@code dual-modem/uplink}), called once, for
 * {@code /health} and the status page. UP when no check is DOWN.
 */
public final class HealthReport {

    private final Collection<HealthCheck.Result> liveness;
    private final Collection<HealthCheck.Result> readiness;

    private HealthReport(Collection<HealthCheck.Result> liveness, Collection<HealthCheck.Result> readiness) {
        this.liveness = liveness;
        this.readiness = readiness;
    }

    public static HealthReport of(CamelContext camel) {
        return new HealthReport(HealthCheckHelper.invokeLiveness(camel, "full"), HealthCheckHelper.invokeReadiness(camel, "full"));
    }

    public boolean isUp() {
        return isUp(liveness) && isUp(readiness);
    }

    /** "name: message" of each check that is DOWN. */
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        for (Collection<HealthCheck.Result> kind : List.of(liveness, readiness)) {
            for (HealthCheck.Result r : kind) {
                String line = name(r) + ": " + r.getMessage().orElse("DOWN");
                if (r.getState() == HealthCheck.State.DOWN && !problems.contains(line)) {
                    problems.add(line);
                }
            }
        }
        return problems;
    }

    public String toJson() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator json = Json.writer(out)) {
            json.useDefaultPrettyPrinter();
            json.writeStartObject();
            json.writeStringField("status", isUp() ? "UP" : "DOWN");
            group(json, "liveness", liveness);
            group(json, "readiness", readiness);
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("health report not written", e);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static void group(JsonGenerator json, String kind, Collection<HealthCheck.Result> results) throws IOException {
        json.writeObjectFieldStart(kind);
        json.writeStringField("status", isUp(results) ? "UP" : "DOWN");
        json.writeArrayFieldStart("checks");
        for (HealthCheck.Result r : results) {
            json.writeStartObject();
            json.writeStringField("name", name(r));
            json.writeStringField("status", r.getState().name());
            if (r.getMessage().isPresent()) {
                json.writeStringField("message", r.getMessage().get());
            }
            if (r.getError().isPresent()) {
                Throwable e = r.getError().get();
                json.writeStringField("error", e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
            }
            json.writeObjectFieldStart("details");
            for (var detail : new TreeMap<>(r.getDetails()).entrySet()) {
                json.writeStringField(detail.getKey(), String.valueOf(detail.getValue()));
            }
            json.writeEndObject();
            json.writeEndObject();
        }
        json.writeEndArray();
        json.writeEndObject();
    }

    private static boolean isUp(Collection<HealthCheck.Result> results) {
        return results.stream().noneMatch(r -> r.getState() == HealthCheck.State.DOWN);
    }

    private static String name(HealthCheck.Result r) {
        HealthCheck check = r.getCheck();
        return check.getGroup() == null ? check.getId() : check.getGroup() + "/" + check.getId();
    }
}
