package io.dualmodem;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A slow first load that start-up needs later, run on a daemon thread of its own beside Camel's boot: the later use
 * finds it done, or waits for it (each load is idempotent and thread-safe). A failure is one line here; the later
 * use loads again and reports it as it always does.
 */
final class LoadAhead {

    private static final Logger LOG = LoggerFactory.getLogger(LoadAhead.class);

    private LoadAhead() {
    }

    static void start(String what, Runnable load) {
        Thread loader = new Thread(() -> {
            try {
                load.run();
            } catch (RuntimeException | LinkageError e) {
                LOG.warn("Could not load {} ahead of start-up ({}); it is loaded again when first needed", what, e.toString());
            }
        }, what + "-load");
        loader.setDaemon(true);
        loader.start();
    }
}
