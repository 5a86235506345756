package io.dualmodem.uplink;

import static org.awaitility.Awaitility.await;

import io.dualmodem.testing.AppRouteTestSupport;
import java.time.Duration;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.camel.main.MainConfigurationProperties;
import org.junit.jupiter.api.Test;

/**
 * The routes live in /etc to be edited; an upgrade keeps an edited one. An upload route from before the breaker was
 * made in Java (its options through {{count:…}} and {{percent:…}}) still starts and uploads.
 */
class UploadRouteFromBeforeTest extends AppRouteTestSupport {

    @Override
    protected void configure(MainConfigurationProperties configuration) {
        super.configure(configuration);
        configuration.setRoutesIncludePattern(Stream.of("sample", "link-watch", "modems", "data-use", "radio", "events")
                .map(r -> "classpath:routes/" + r + ".camel.yaml").collect(Collectors.joining(","))
                + ",classpath:routes-before-breaker-bean/upload.camel.yaml");
    }

    @Test
    void anUploadRouteEditedBeforeTheUpgradeStillUploads() {
        await().atMost(Duration.ofSeconds(20)).until(() -> server.acceptedSeqs().size() >= 2);
    }
}
