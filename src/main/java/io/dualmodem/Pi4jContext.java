package io.dualmodem;

import com.pi4j.Pi4J;
import com.pi4j.context.Context;

/** The one Pi4J context of the process, created on first use (only on the Pi) and shut down with the application. */
public final class Pi4jContext {

    private static Context context;

    private Pi4jContext() {
    }

    public static synchronized Context get() {
        if (context == null) {
            context = Pi4J.newContextBuilder().autoDetect().build();
        }
        return context;
    }

    public static synchronized void shutdown() {
        if (context != null) {
            context.shutdown();
            context = null;
        }
    }
}
