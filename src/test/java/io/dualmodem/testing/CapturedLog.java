package io.dualmodem.testing;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.slf4j.LoggerFactory;

/** The events one logger writes while a test runs, for tests whose requirement is about the log itself. */
public final class CapturedLog implements AutoCloseable {

    private final Logger logger;
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    private CapturedLog(String name) {
        logger = (Logger) LoggerFactory.getLogger(name);
        appender.start();
        logger.addAppender(appender);
    }

    public static CapturedLog of(Class<?> source) {
        return new CapturedLog(source.getName());
    }

    /** Every logger's events. */
    public static CapturedLog all() {
        return new CapturedLog(org.slf4j.Logger.ROOT_LOGGER_NAME);
    }

    public List<ILoggingEvent> at(Level level) {
        return List.copyOf(appender.list).stream().filter(e -> e.getLevel() == level).toList();
    }

    /** Every event that carries a stack trace. */
    public List<ILoggingEvent> withStackTrace() {
        return List.copyOf(appender.list).stream().filter(e -> e.getThrowableProxy() != null).toList();
    }

    @Override
    public void close() {
        logger.detachAppender(appender);
    }
}
