package io.dualmodem.testing;

import static org.awaitility.Awaitility.await;

import io.dualmodem.Composition;
import io.dualmodem.failover.LinkWatch;
import io.dualmodem.failover.ModemControlRunner;
import io.dualmodem.modem.ModemSwitch;
import io.dualmodem.outbox.Outbox;
import io.dualmodem.sim.SimulatedNetworkManager;
import io.dualmodem.uplink.Uploader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import org.apache.camel.api.management.ManagedCamelContext;
import org.apache.camel.main.MainConfigurationProperties;
import org.apache.camel.test.main.junit5.CamelMainTestSupport;
import org.junit.jupiter.api.AfterEach;

/**
 * Runs the real application (configuration class, packaged YAML routes, application.properties)
 * in simulation against a {@link RecordingServer}, with timings short enough for a test.
 */
public abstract class AppRouteTestSupport extends CamelMainTestSupport {

    protected RecordingServer server;
    private Path dir;

    /** Stops the application before its files go (Camel's own stop, after this, then finds it stopped). */
    @AfterEach
    void stopAndRemoveFiles() throws Exception {
        context.stop();
        server.close();
        Folders.delete(dir);
    }

    /** The folder of this test's outbox and state files, removed after the test. */
    protected Path dir() {
        return dir;
    }

    @Override
    protected void configure(MainConfigurationProperties configuration) {
        configuration.addConfiguration(Composition.class);
        configuration.setRoutesIncludePattern("classpath:routes/*.camel.yaml");
    }

    @Override
    protected boolean useJmx() {
        return true;
    }

    @Override
    protected Properties useOverridePropertiesWithPropertiesComponent() {
        // called from the superclass constructor, before this class's fields are set
        try {
            server = RecordingServer.start();
            dir = Files.createTempDirectory("dmt-route-test");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Properties p = new Properties();
        p.put("hardware.mode", "simulation");
        p.put("sensor.interval", "100ms");
        p.put("outbox.path", dir.resolve(getClass().getSimpleName() + System.nanoTime() + ".db").toString());
        p.put("uplink.url", server.url());
        p.put("modem.state-file", dir.resolve("modem-state.json").toString());
        p.put("modem.data-use-file", dir.resolve("data-use.json").toString());
        p.put("modem.sim-boot-delay", "0s");
        p.put("modem.power-pulse", "500ms");
        p.put("modem.status-poll", "50ms");
        p.put("uplink.breaker-open-seconds", "1");
        p.put("link.watch-interval", "100ms");
        p.put("link.probe-suspect-interval", "200ms");
        p.put("link.probe-timeout", "500ms");
        p.put("ops.health-stale-after", "2s");
        p.put("ops.http-port", "0");
        p.put("uplink.poll-interval", "50ms");
        p.put("uplink.batch-size", "5");
        p.put("uplink.retry-initial", "100ms");
        p.put("uplink.retry-max", "300ms");
        p.put("uplink.connect-timeout", "500ms");
        // short, but above a loaded machine's stalls: a server that accepted and answered must not see the readings again
        p.put("uplink.response-timeout", "2s");
        return p;
    }

    protected Outbox outbox() {
        return context.getRegistry().lookupByNameAndType("outbox", Outbox.class);
    }

    protected Uploader uploader() {
        return context.getRegistry().lookupByNameAndType("uploader", Uploader.class);
    }

    protected ModemSwitch modemSwitch() {
        return linkWatch().modems();
    }

    protected SimulatedNetworkManager simulatedNetwork() {
        return context.getRegistry().lookupByNameAndType("simulatedNetwork", SimulatedNetworkManager.class);
    }

    /** The link watch, once modem control has started (with the start-up restore, a second after Camel). */
    protected LinkWatch linkWatch() {
        ModemControlRunner runner = context.getRegistry().lookupByNameAndType("modemControl", ModemControlRunner.class);
        await().atMost(Duration.ofSeconds(20)).until(() -> runner.watch().isPresent());
        return runner.watch().get();
    }

    protected long exchangesThrough(String routeId) throws Exception {
        return context.getCamelContextExtension().getContextPlugin(ManagedCamelContext.class)
                .getManagedRoute(routeId).getExchangesTotal();
    }
}
