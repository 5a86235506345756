package io.dualmodem.uplink;

import org.apache.camel.component.http.HttpClientConfigurer;
import org.apache.camel.component.http.HttpComponent;

/** Lets several parts of the application configure a camel-http component's client without overwriting one another. */
public final class HttpClientConfigurers {

    private HttpClientConfigurers() {
    }

    /** Runs {@code more} after whatever configurer the component has already; the order of calls does not matter. */
    public static void add(HttpComponent http, HttpClientConfigurer more) {
        HttpClientConfigurer before = http.getHttpClientConfigurer();
        http.setHttpClientConfigurer(before == null ? more : builder -> {
            before.configureHttpClient(builder);
            more.configureHttpClient(builder);
        });
    }
}
