package io.dualmodem.ops;

import io.dualmodem.datause.DataUse;
import io.dualmodem.datause.SimUse;
import io.dualmodem.radio.RadioReport;
import io.dualmodem.radio.RadioWatch;
import java.util.Map;
import java.util.Objects;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * Camel readiness check {@code dual-modem/line}: always UP (a SIM near its quota or a weak signal is a fact to show,
 * not a reason to take the application out of service); its details carry each SIM's data use this month and the
 * active modem's last radio report.
 */
public class LineHealthCheck extends AbstractHealthCheck {

    private final DataUse dataUse;
    private final RadioWatch radio;

    public LineHealthCheck(DataUse dataUse, RadioWatch radio) {
        super("dual-modem", "line");
        this.dataUse = dataUse;
        this.radio = radio;
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
        builder.detail("radio", radio.last().map(RadioReport::summary).orElse("none yet"));
        builder.up();
    }
}
