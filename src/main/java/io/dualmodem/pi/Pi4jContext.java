package io.dualmodem.pi;

import com.pi4j.Pi4J;
import com.pi4j.context.Context;
import java.util.function.Supplier;

/** The one Pi4J context of the process, created on first use (only on the Pi) and shut down with the application. */
public final class Pi4jContext implements Supplier<Context>, AutoCloseable {

    private Context context;

    @Override
    public synchronized Context get() {
        if (context == null) {
            context = Pi4J.newContextBuilder().autoDetect().build();
        }
        return context;
    }

    @Override
    public synchronized void close() {
        if (context != null) {
            context.shutdown();
            context = null;
        }
    }
}
