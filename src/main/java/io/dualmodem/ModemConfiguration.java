package io.dualmodem;

import io.dualmodem.failover.DeviceEvents;
import io.dualmodem.failover.FailoverPolicy;
import io.dualmodem.failover.LinkProbe;
import io.dualmodem.failover.LinkSettings;
import io.dualmodem.failover.LinkWatch;
import io.dualmodem.failover.NmcliMonitor;
import io.dualmodem.modem.CamelExecRunner;
import io.dualmodem.modem.Modem;
import io.dualmodem.modem.ModemBoard;
import io.dualmodem.modem.ModemSettings;
import io.dualmodem.modem.ModemState;
import io.dualmodem.modem.ModemSwitch;
import io.dualmodem.modem.NetworkManager;
import io.dualmodem.modem.Nmcli;
import io.dualmodem.modem.Pause;
import io.dualmodem.modem.Pi4jBoardLines;
import io.dualmodem.ops.FailoverStatus;
import io.dualmodem.ops.FailoverStatusMBean;
import io.dualmodem.ops.JmxBeans;
import io.dualmodem.ops.ModemBoardMBean;
import io.dualmodem.ops.ModemBoardStatus;
import io.dualmodem.ops.ModemsMBean;
import io.dualmodem.ops.ModemsStatus;
import io.dualmodem.sim.FailoverDemo;
import io.dualmodem.sim.SimulatedBoard;
import io.dualmodem.sim.SimulatedNetworkManager;
import java.net.InetAddress;
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
import org.apache.hc.core5.pool.ConnPoolControl;
import org.apache.hc.core5.util.TimeValue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the modem switch and the link watch from validated settings: Pi4J GPIO lines, nmcli and
 * {@code nmcli device monitor} on the Pi; simulated boards and a simulated NetworkManager in the
 * simulation ({@code modem.network=nmcli} keeps simulated boards but talks to a real
 * NetworkManager, as the test bed does).
 */
final class ModemConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(ModemConfiguration.class);

    /** Loopback addresses the simulated modems' links get, so the demo receiver shows which line a request came over. */
    public static final List<String> SIMULATED_ADDRESSES = List.of("127.0.1.1", "127.0.2.1");
    /** A documentation address never on this machine: binding to it fails locally, which is "no line". */
    private static final String NO_LINE = "192.0.2.1";

    private ModemConfiguration() {
    }

    /** Called by {@link TelemetryConfiguration} once the hardware decision is made. */
    static void configure(CamelContext camel, HardwareMode.Decision hardware, Settings telemetry, boolean demo) throws Exception {
        SettingsReader reader = new SettingsReader(camel.getPropertiesComponent()::resolveProperty);
        ModemSettings settings = ModemSettings.load(reader, TelemetryConfiguration.presentKeys(camel));
        LinkSettings link = LinkSettings.load(reader, TelemetryConfiguration.presentKeys(camel), telemetry.uplinkUrl());
        if (demo && hardware.simulated()) {
            link = link.withHoldDown(telemetry.demoHoldDown());
            LOG.warn("SIMULATION demo: the primary's line is cut {} s after start and restored {} s after start; "
                    + "fail-back hold-down shortened to {} s so you can watch it (demo.failover=false turns this off)",
                    telemetry.demoCutAfter().toSeconds(), telemetry.demoRestoreAfter().toSeconds(),
                    telemetry.demoHoldDown().toSeconds());
        }
        Clock clock = Clock.systemUTC();
        List<Modem> modems = new ArrayList<>();
        List<SimulatedBoard> simulatedBoards = new ArrayList<>();
        boolean simulatedNetwork = "simulated".equals(settings.network())
                || "auto".equals(settings.network()) && hardware.simulated();
        SimulatedNetworkManager simulated = simulatedNetwork ? new SimulatedNetworkManager() : null;
        NetworkManager nm = null;
        DeviceEvents events = null;
        if (!settings.enabled()) {
            LOG.info("Modem control is off (modem.enabled=false)");
        } else {
            for (ModemSettings.Board b : settings.boards()) {
                modems.add(new Modem(b.id(), new ModemBoard(b.name(), hardware.simulated()
                        ? simulatedBoard(b, settings, clock, simulatedBoards)
                        : new Pi4jBoardLines(Pi4jContext.get(), b.name(), b.powerPin(), b.statusPin(), b.resetPin()),
                        settings.timing(), clock, Pause.REAL), b.profile(), b.id().equals(settings.primary())));
                LOG.info("Modem {}: {} POWER={} STATUS={} RESET={} {}", b.id(), b.name(), b.powerPin(), b.statusPin(),
                        b.resetPin(), b.profile());
            }
            if (simulatedNetwork) {
                for (int i = 0; i < simulatedBoards.size(); i++) {
                    simulated.attach(simulatedBoards.get(i), SIMULATED_ADDRESSES.get(i));
                }
                camel.getRegistry().bind("simulatedNetwork", simulated);
                nm = simulated;
                events = simulated;
                sendFromActiveSimulatedModem(camel, simulated);
                LOG.warn("SIMULATION: a simulated NetworkManager; each simulated modem's link has its own loopback address {}",
                        SIMULATED_ADDRESSES);
            } else {
                nm = new Nmcli(new CamelExecRunner(camel.createProducerTemplate()), settings.nmcliPath(),
                        settings.nmcliTimeout(), settings.activationTimeout());
                events = new NmcliMonitor(settings.nmcliPath());
            }
        }
        ModemSwitch modemSwitch = new ModemSwitch(modems, nm, new ModemState(settings.stateFile()), clock, Pause.REAL,
                settings.deviceTimeout());
        Supplier<InetAddress> localAddress = simulatedNetwork ? () -> address(simulated.activeAddress()) : () -> null;
        LinkWatch watch = new LinkWatch(
                new FailoverPolicy(link.policy(), clock, "a", "b", modemSwitch.state().active() == null
                        ? settings.primary() : modemSwitch.state().active()),
                modemSwitch, new LinkProbe(link.probeTargets(), link.probeReliability(), link.probeTimeout(), localAddress),
                link.watch(), clock);
        watch.afterSwitch(() -> closeIdleConnections(camel));
        camel.getRegistry().bind("modemSwitch", modemSwitch);
        camel.getRegistry().bind("modemSettings", settings);
        camel.getRegistry().bind("linkWatch", watch);
        if (hardware.simulated() && simulatedNetwork && demo && !modems.isEmpty()) {
            FailoverDemo plan = new FailoverDemo(simulated, simulatedBoards.get(0), telemetry.demoCutAfter(),
                    telemetry.demoRestoreAfter());
            camel.addService(new ServiceSupport() {
                @Override
                protected void doStart() {
                    plan.start();
                }

                @Override
                protected void doStop() {
                    plan.close();
                }
            });
        }

        JmxBeans jmx = new JmxBeans();
        if (!modems.isEmpty()) {
            jmx.add(ModemsStatus.OBJECT_NAME, ModemsMBean.class, new ModemsStatus(modemSwitch, watch));
            jmx.add(FailoverStatus.OBJECT_NAME, FailoverStatusMBean.class, new FailoverStatus(watch));
            modems.forEach(m -> jmx.add(ModemBoardStatus.objectName(m), ModemBoardMBean.class, new ModemBoardStatus(m)));
        }
        DeviceEvents deviceEvents = events;
        camel.addService(new ServiceSupport() {
            @Override
            protected void doStart() throws Exception {
                jmx.registerAll();
                if (deviceEvents != null) {
                    deviceEvents.start(watch::onDeviceEvent);
                }
            }

            @Override
            protected void doStop() throws Exception {
                if (deviceEvents != null) {
                    deviceEvents.close();
                }
                watch.close();
                jmx.unregisterAll();
            }
        });
    }

    /** Kept-alive HTTP connections were carried by the old line: a new request must open a new one. */
    private static void closeIdleConnections(CamelContext camel) {
        for (String scheme : List.of("http", "https")) {
            HttpComponent http = camel.getComponent(scheme, HttpComponent.class);
            if (http.getClientConnectionManager() instanceof ConnPoolControl<?> pool) {
                pool.closeIdle(TimeValue.ZERO_MILLISECONDS);
            }
        }
    }

    private static SimulatedBoard simulatedBoard(ModemSettings.Board b, ModemSettings settings, Clock clock,
                                                 List<SimulatedBoard> boards) {
        // board 1 is on at boot, as the vendor's service (AUTO_ON=1) leaves it, unless it is simulated as dead
        SimulatedBoard.Fault fault = SimulatedBoard.Fault.valueOf(b.simFault().toUpperCase().replace('-', '_'));
        SimulatedBoard board = new SimulatedBoard(clock, settings.simulatedBootDelay(),
                settings.simulatedBootDelay().dividedBy(2), boards.isEmpty() && fault != SimulatedBoard.Fault.STUCK_OFF);
        board.fail(fault);
        if (fault != SimulatedBoard.Fault.NONE) {
            LOG.warn("SIMULATION: board {} is simulated as faulty: {}", b.id(), b.simFault());
        }
        board.onPowerChange(on -> LOG.info("SIMULATED board {}: module {}", b.id(), on ? "on" : "off"));
        boards.add(board);
        return board;
    }

    /** In the simulation, uploads leave from the active modem's loopback address; with no line up they cannot leave. */
    private static void sendFromActiveSimulatedModem(CamelContext camel, SimulatedNetworkManager simulated) {
        HttpComponent http = camel.getComponent("http", HttpComponent.class);
        http.setHttpClientConfigurer(builder -> builder.setRoutePlanner(new DefaultRoutePlanner(DefaultSchemePortResolver.INSTANCE) {
            @Override
            protected InetAddress determineLocalAddress(HttpHost host, HttpContext context) {
                return address(simulated.activeAddress());
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
