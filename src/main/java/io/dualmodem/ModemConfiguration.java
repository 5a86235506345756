package io.dualmodem;

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
import io.dualmodem.ops.JmxBeans;
import io.dualmodem.ops.ModemBoardMBean;
import io.dualmodem.ops.ModemBoardStatus;
import io.dualmodem.ops.ModemsMBean;
import io.dualmodem.ops.ModemsStatus;
import io.dualmodem.sim.SimulatedBoard;
import io.dualmodem.sim.SimulatedNetworkManager;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.apache.camel.CamelContext;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the modem switch from validated {@link ModemSettings}: Pi4J GPIO lines and nmcli on the
 * Pi; simulated boards and a simulated NetworkManager in the simulation.
 */
final class ModemConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(ModemConfiguration.class);

    /** Loopback addresses the simulated modems' links get, so the demo receiver shows which line a request came over. */
    public static final List<String> SIMULATED_ADDRESSES = List.of("127.0.1.1", "127.0.2.1");

    private ModemConfiguration() {
    }

    /** Called by {@link TelemetryConfiguration} once the hardware decision is made. */
    static void configure(CamelContext camel, HardwareMode.Decision hardware) throws Exception {
        ModemSettings settings = ModemSettings.load(new SettingsReader(camel.getPropertiesComponent()::resolveProperty),
                TelemetryConfiguration.presentKeys(camel));
        Clock clock = Clock.systemUTC();
        List<Modem> modems = new ArrayList<>();
        NetworkManager nm;
        if (!settings.enabled()) {
            LOG.info("Modem control is off (modem.enabled=false)");
            nm = null;
        } else if (hardware.simulated()) {
            SimulatedNetworkManager simulated = new SimulatedNetworkManager();
            for (ModemSettings.Board b : settings.boards()) {
                // board 1 is on at boot, as the vendor's service (AUTO_ON=1) leaves it
                SimulatedBoard board = new SimulatedBoard(clock, settings.simulatedBootDelay(),
                        settings.simulatedBootDelay().dividedBy(2), b.id().equals("a"));
                simulated.attach(board, SIMULATED_ADDRESSES.get(modems.size()));
                modems.add(modem(settings, b, new ModemBoard(b.name(), board, settings.timing(), clock, Pause.REAL)));
            }
            camel.getRegistry().bind("simulatedNetwork", simulated);
            nm = simulated;
            LOG.warn("SIMULATION: two simulated 3GPi boards (boot {} s) and a simulated NetworkManager",
                    settings.simulatedBootDelay().toSeconds());
        } else {
            for (ModemSettings.Board b : settings.boards()) {
                modems.add(modem(settings, b, new ModemBoard(b.name(), new Pi4jBoardLines(Pi4jContext.get(), b.name(),
                        b.powerPin(), b.statusPin(), b.resetPin()), settings.timing(), clock, Pause.REAL)));
            }
            nm = new Nmcli(new CamelExecRunner(camel.createProducerTemplate()), settings.nmcliPath(),
                    settings.nmcliTimeout(), settings.activationTimeout());
            for (ModemSettings.Board b : settings.boards()) {
                LOG.info("Modem {}: {} POWER={} STATUS={} RESET={} profile {}", b.id(), b.name(), b.powerPin(),
                        b.statusPin(), b.resetPin(), b.profile());
            }
        }
        ModemSwitch modemSwitch = new ModemSwitch(modems, nm, new ModemState(settings.stateFile()), clock, Pause.REAL,
                settings.deviceTimeout());
        camel.getRegistry().bind("modemSwitch", modemSwitch);
        camel.getRegistry().bind("modemSettings", settings);

        JmxBeans jmx = new JmxBeans();
        if (!modems.isEmpty()) {
            jmx.add(ModemsStatus.OBJECT_NAME, ModemsMBean.class, new ModemsStatus(modemSwitch));
            modems.forEach(m -> jmx.add(ModemBoardStatus.objectName(m), ModemBoardMBean.class, new ModemBoardStatus(m)));
        }
        camel.addService(new ServiceSupport() {
            @Override
            protected void doStart() throws Exception {
                jmx.registerAll();
            }

            @Override
            protected void doStop() throws Exception {
                jmx.unregisterAll();
            }
        });
    }

    private static Modem modem(ModemSettings settings, ModemSettings.Board b, ModemBoard board) {
        return new Modem(b.id(), board, b.profile(), b.id().equals(settings.primary()));
    }
}
