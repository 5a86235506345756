package io.dualmodem.ops;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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

    private static final ObjectMapper JSON = new ObjectMapper();

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
        ObjectNode root = JSON.createObjectNode();
        root.put("status", isUp() ? "UP" : "DOWN");
        root.set("liveness", group(liveness));
        root.set("readiness", group(readiness));
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("health report not serializable", e);
        }
    }

    private static ObjectNode group(Collection<HealthCheck.Result> results) {
        ObjectNode node = JSON.createObjectNode();
        node.put("status", isUp(results) ? "UP" : "DOWN");
        ArrayNode checks = node.putArray("checks");
        for (HealthCheck.Result r : results) {
            ObjectNode check = checks.addObject();
            check.put("name", name(r));
            check.put("status", r.getState().name());
            r.getMessage().ifPresent(m -> check.put("message", m));
            r.getError().ifPresent(e -> check.put("error", e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
            ObjectNode details = check.putObject("details");
            new TreeMap<>(r.getDetails()).forEach((k, v) -> details.put(k, String.valueOf(v)));
        }
        return node;
    }

    private static boolean isUp(Collection<HealthCheck.Result> results) {
        return results.stream().noneMatch(r -> r.getState() == HealthCheck.State.DOWN);
    }

    private static String name(HealthCheck.Result r) {
        HealthCheck check = r.getCheck();
        return check.getGroup() == null ? check.getId() : check.getGroup() + "/" + check.getId();
    }
}
