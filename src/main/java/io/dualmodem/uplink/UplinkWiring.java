package io.dualmodem.uplink;

import io.dualmodem.outbox.Outbox;
import java.time.Clock;
import java.util.List;
import org.apache.camel.CamelContext;
import org.apache.camel.component.http.HttpComponent;
import org.apache.hc.core5.pool.ConnPoolControl;
import org.apache.hc.core5.util.TimeValue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Builds the uploader the upload route calls and sets the HTTP client's timeouts for a slow line. */
public final class UplinkWiring {

    private static final Logger LOG = LoggerFactory.getLogger(UplinkWiring.class);

    private UplinkWiring() {
    }

    public static Uploader bind(CamelContext camel, UplinkSettings settings, Outbox outbox, String deviceId, Clock clock) {
        for (String scheme : List.of("http", "https")) {
            HttpComponent http = camel.getComponent(scheme, HttpComponent.class);
            http.setConnectTimeout(settings.connectTimeout().toMillis());
            http.setConnectionRequestTimeout(settings.connectTimeout().toMillis());
            http.setResponseTimeout(settings.responseTimeout().toMillis());
            http.setSoTimeout(settings.responseTimeout().toMillis());
        }
        Uploader uploader = new Uploader(outbox, deviceId, settings.batchSize(), settings.retryInitial(), settings.retryMax(),
                clock);
        camel.getRegistry().bind("uploader", uploader);
        LOG.info("Uploading to {}", redact(settings.url().toString()));
        return uploader;
    }

    /** Drops user info and query from a URL for the log: tokens live there. */
    static String redact(String url) {
        return url.replaceAll("//[^/@]*@", "//***@").replaceAll("\\?.*", "?***");
    }

    /** What the uplink does when a switch changed the line: send at once, over new connections. */
    public static Runnable onLineChange(CamelContext camel, Uploader uploader) {
        return () -> {
            uploader.lineChanged();
            for (String scheme : List.of("http", "https")) {
                // kept-alive connections were carried by the old line
                if (camel.getComponent(scheme, HttpComponent.class).getClientConnectionManager() instanceof ConnPoolControl<?> pool) {
                    pool.closeIdle(TimeValue.ZERO_MILLISECONDS);
                }
            }
        };
    }
}
