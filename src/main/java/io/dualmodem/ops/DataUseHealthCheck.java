package io.dualmodem.ops;

import io.dualmodem.datause.DataUse;
import io.dualmodem.datause.SimUse;
import java.util.Map;
import java.util.Objects;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * Camel readiness check {@code dual-modem/data-use}: always UP (a SIM near or over its quota is a fact to show, not a
 * reason to take the application out of service); its details carry each SIM's use this month.
 */
public class DataUseHealthCheck extends AbstractHealthCheck {

    private final DataUse dataUse;

    public DataUseHealthCheck(DataUse dataUse) {
        super("dual-modem", "data-use");
        this.dataUse = dataUse;
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        for (SimUse use : dataUse.thisMonth()) {
            builder.detail("data-use." + use.board(), use.describe());
        }
        builder.detail("data-use.line", dataUse.line());
        builder.detail("data-use.state-file-error", Objects.toString(dataUse.writeError(), "none"));
        builder.up();
    }
}
