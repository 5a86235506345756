package io.dualmodem.sim;

import io.dualmodem.failover.LinkSettings;
import io.dualmodem.modem.BoardConfig;
import io.dualmodem.modem.BoardLines;
import io.dualmodem.modem.CamelExecRunner;
import io.dualmodem.modem.ModemHardware;
import io.dualmodem.modem.ModemSettings;
import io.dualmodem.sensor.Adt7410;
import io.dualmodem.sensor.TemperatureSource;
import io.dualmodem.settings.SettingsException;
import io.dualmodem.uplink.HttpClientConfigurers;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.apache.camel.CamelContext;
import org.apache.camel.component.http.HttpComponent;
import org.apache.camel.support.service.ServiceSupport;
import org.apache.hc.client5.http.impl.DefaultSchemePortResolver;
import org.apache.hc.client5.http.impl.routing.DefaultRoutePlanner;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.protocol.HttpContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The machine without the HATs: a simulated ADT7410, two simulated 3GPi boards and, unless
 * {@code modem.network=nmcli} (the test bed), a simulated NetworkManager in which each modem's
 * link has its own loopback address; with the default uplink URL also the demo receiver and the
 * demo's cut and restore of the primary's line, so a new user watches a failover happen.
 */
public final class Simulation {

    private static final Logger LOG = LoggerFactory.getLogger(Simulation.class);
    /** Loopback addresses the simulated modems' links get, so the demo receiver shows which line a request came over. */
    public static final List<String> ADDRESSES = List.of("127.0.1.1", "127.0.2.1");
    /** The SIM operators of the two boards (docomo, SoftBank), as in the article. */
    private static final List<String> OPERATORS = List.of("44010", "44020");
    /** A documentation address never on this machine: binding to it fails locally, which is "no line". */
    private static final String NO_LINE = "192.0.2.1";

    private final Supplier<TemperatureSource> sensor;
    private final ModemHardware modems;
    private final LinkSettings link;

    private Simulation(Supplier<TemperatureSource> sensor, ModemHardware modems, LinkSettings link) {
        this.sensor = sensor;
        this.modems = modems;
        this.link = link;
    }

    public Supplier<TemperatureSource> sensor() {
        return sensor;
    }

    public ModemHardware modems() {
        return modems;
    }

    /** The link settings, with the demo's short hold-down when the demo runs. */
    public LinkSettings link() {
        return link;
    }

    public static Simulation start(CamelContext camel, SimulationSettings settings, ModemSettings modemSettings,
                                   LinkSettings link, URI uplink, Clock clock) throws Exception {
        SimulatedAdt7410 chip = new SimulatedAdt7410(clock, System.nanoTime());
        List<SimulatedBoard> boards = new ArrayList<>();
        List<BoardLines> lines = new ArrayList<>();
        for (BoardConfig b : modemSettings.boards()) {
            SimulatedBoard board = board(b, settings, boards.isEmpty(), camel, clock);
            boards.add(board);
            lines.add(board);
        }
        java.util.function.Function<BoardConfig, BoardLines> boardLines = b -> lines.get(modemSettings.boards().indexOf(b));
        if ("nmcli".equals(modemSettings.network())) {
            return new Simulation(() -> new Adt7410(chip), ModemHardware.nmcli(camel, modemSettings, boardLines), link);
        }
        SimulatedNetworkManager network = new SimulatedNetworkManager();
        for (int i = 0; i < boards.size(); i++) {
            network.attach(boards.get(i), ADDRESSES.get(i), OPERATORS.get(i));
        }
        sendFromActiveModem(camel, network);
        camel.getRegistry().bind("simulatedNetwork", network);
        LOG.warn("SIMULATION: a simulated NetworkManager; each simulated modem's link has its own loopback address {}",
                ADDRESSES);
        LinkSettings shown = link;
        if (isDemoUrl(uplink, settings.receiverPort())) {
            DemoReceiver receiver;
            try {
                receiver = new DemoReceiver(settings.receiverPort());
            } catch (BindException e) {
                throw new SettingsException("demo.receiver-port", Integer.toString(settings.receiverPort()),
                        "in use: stop the program holding it (another run of the demo?) or choose another port");
            }
            LOG.warn("SIMULATION: demo receiver listening on http://127.0.0.1:{}/ logs what arrives", receiver.port());
            FailoverDemo demo = settings.demoFailover() && modemSettings.enabled()
                    ? new FailoverDemo(network, boards.get(0), settings.cutAfter(), settings.restoreAfter()) : null;
            if (demo != null) {
                shown = link.withHoldDown(settings.demoHoldDown());
                LOG.warn("SIMULATION demo: the primary's line is cut {} s after start and restored {} s after start; "
                        + "fail-back hold-down shortened to {} s so you can watch it (demo.failover=false turns this off)",
                        settings.cutAfter().toSeconds(), settings.restoreAfter().toSeconds(), settings.demoHoldDown().toSeconds());
            }
            camel.addService(new ServiceSupport() {
                @Override
                protected void doStart() {
                    if (demo != null) {
                        demo.start();
                    }
                }

                @Override
                protected void doStop() {
                    if (demo != null) {
                        demo.close();
                    }
                    receiver.close();
                }
            });
        }
        return new Simulation(() -> new Adt7410(chip),
                new ModemHardware(boardLines, network, network, () -> address(network.activeAddress())), shown);
    }

    /** Board 1 is on at boot, as the vendor's service (AUTO_ON=1) leaves it, unless it is simulated as dead. */
    private static SimulatedBoard board(BoardConfig b, SimulationSettings settings, boolean first, CamelContext camel,
                                        Clock clock) {
        SimulatedBoard.Fault fault = settings.faults().get(b.id());
        SimulatedBoard board = new SimulatedBoard(clock, settings.bootDelay(), settings.bootDelay().dividedBy(2),
                first && fault != SimulatedBoard.Fault.STUCK_OFF);
        board.fail(fault);
        if (fault != SimulatedBoard.Fault.NONE) {
            LOG.warn("SIMULATION: board {} is simulated as faulty: {}", b.id(), fault);
        }
        board.onPowerChange(on -> LOG.info("SIMULATED board {}: module {}", b.id(), on ? "on" : "off"));
        if (!settings.powerHook().isEmpty()) {
            board.onPowerChange(new PowerHook(settings.powerHook(), b.id(), new CamelExecRunner(camel.createProducerTemplate())));
        }
        return board;
    }

    private static boolean isDemoUrl(URI uplink, int port) {
        return ("127.0.0.1".equals(uplink.getHost()) || "localhost".equals(uplink.getHost())) && uplink.getPort() == port;
    }

    /** Uploads leave from the active simulated modem's loopback address; with no line up they cannot leave. */
    private static void sendFromActiveModem(CamelContext camel, SimulatedNetworkManager network) {
        HttpComponent http = camel.getComponent("http", HttpComponent.class);
        // added to the uplink's own client configuration, not in its place
        HttpClientConfigurers.add(http, builder -> builder.setRoutePlanner(new DefaultRoutePlanner(DefaultSchemePortResolver.INSTANCE) {
            @Override
            protected InetAddress determineLocalAddress(HttpHost host, HttpContext context) {
                return address(network.activeAddress());
            }
        }));
    }

    private static InetAddress address(String text) {
        try {
            return InetAddress.getByName(text == null ? NO_LINE : text);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
