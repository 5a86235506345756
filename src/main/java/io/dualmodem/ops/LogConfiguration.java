package io.dualmodem.ops;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.filter.Filter;
import ch.qos.logback.core.spi.ContextAwareBase;
import ch.qos.logback.core.spi.FilterReply;
import io.dualmodem.settings.SettingsException;
import org.slf4j.Logger;

/**
 * The application's logging, set in code rather than by a {@code logback.xml}: parsing XML at start-up loaded some 380
 * classes (logback's Joran and the JDK's XML parser) for five lines of settings. One line per event on standard
 * output — {@code 2026-11-23T23:03:06.761Z INFO  Uploader - …} — Camel at INFO, Apache HttpClient and Pi4J at WARN.
 * A file given with {@code -Dlogback.configurationFile=…} still replaces all of this.
 */
public final class LogConfiguration extends ContextAwareBase implements Configurator {

    static final String PATTERN = "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level %logger{0} - %msg%n";

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (System.getProperty("logback.configurationFile") != null) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(PATTERN);
        encoder.start();
        ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
        console.setContext(context);
        console.setName("STDOUT");
        console.setEncoder(encoder);
        // a bad setting found as Camel starts (a key nothing reads) is reported by App in one line; Camel's own
        // report of the same failure would add its stack trace to the journal
        Filter<ILoggingEvent> settingsFailure = new Filter<>() {
            @Override
            public FilterReply decide(ILoggingEvent event) {
                for (IThrowableProxy t = event.getThrowableProxy(); t != null; t = t.getCause()) {
                    if (SettingsException.class.getName().equals(t.getClassName())) {
                        return FilterReply.DENY;
                    }
                }
                return FilterReply.NEUTRAL;
            }
        };
        settingsFailure.start();
        console.addFilter(settingsFailure);
        console.start();
        ch.qos.logback.classic.Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.INFO);
        root.addAppender(console);
        context.getLogger("org.apache.camel").setLevel(Level.INFO);
        context.getLogger("org.apache.hc").setLevel(Level.WARN);
        context.getLogger("com.pi4j").setLevel(Level.WARN);
        // a Pi4J provider that cannot start (no GPIO chip, no permission) logs stack traces here; modem control
        // reports the same cause in one line with its fix (Pi4jBoardLines.whyNoGpio) and retries
        context.getLogger("com.pi4j.provider.impl.DefaultRuntimeProviders").setLevel(Level.OFF);
        // camel-exec logs the whole command of one that exits non-zero, at ERROR: nmcli's `connection add` carries the
        // values of modem.X.settings (a gsm.pin). Nmcli and Mmcli report their failures themselves, secrets masked
        context.getLogger("org.apache.camel.component.exec").setLevel(Level.OFF);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }
}
