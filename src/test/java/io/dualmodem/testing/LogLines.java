package io.dualmodem.testing;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.AppenderBase;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * Keeps what a logger (and the loggers below it) writes, as "LEVEL message" lines, for tests whose subject is
 * the log itself: a line logged once, a secret logged never.
 */
public final class LogLines extends AppenderBase<ILoggingEvent> implements AutoCloseable {

    private final List<String> lines = new ArrayList<>();
    private Logger logger;

    private LogLines() {
    }

    public static LogLines of(Class<?> type) {
        return of(type.getName());
    }

    /** Everything logged from now on under {@code name} ({@code Logger.ROOT_LOGGER_NAME} for all). */
    public static LogLines of(String name) {
        LogLines appender = new LogLines();
        appender.start();
        appender.logger = (Logger) LoggerFactory.getLogger(name);
        appender.logger.addAppender(appender);
        return appender;
    }

    /** Stops keeping lines. */
    @Override
    public void close() {
        logger.detachAppender(this);
        stop();
    }

    public synchronized List<String> lines() {
        return new ArrayList<>(lines);
    }

    /** Lines whose text contains {@code part}. */
    public synchronized List<String> containing(String part) {
        return lines.stream().filter(l -> l.contains(part)).toList();
    }

    @Override
    protected synchronized void append(ILoggingEvent event) {
        String line = event.getLevel() + " " + event.getFormattedMessage();
        if (event.getThrowableProxy() != null) {
            line += System.lineSeparator() + ThrowableProxyUtil.asString(event.getThrowableProxy());
        }
        lines.add(line);
    }
}
