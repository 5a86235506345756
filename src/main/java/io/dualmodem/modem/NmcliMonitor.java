package io.dualmodem.modem;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * NetworkManager's device events from {@code nmcli device monitor}, one line per change
 * ("modemA: unavailable", "ttyUSB3: device removed"), read as they come. Chosen over D-Bus
 * because it needs no further library and uses the same tool, path and permissions as the rest
 * of the modem control; the argument vector comes from {@link Nmcli#argv}, with {@code LC_ALL=C}
 * keeping the words stable. camel-exec is request/response only and cannot stream a long-running
 * process, so this owns one: restarted with a growing pause if it ends, and killed on close.
 */
final class NmcliMonitor implements DeviceEvents {

    private static final Logger LOG = LoggerFactory.getLogger(NmcliMonitor.class);
    private static final Pattern EVENT = Pattern.compile("^(\\S+): (.+)$");

    private final List<String> argv;
    private volatile boolean running;
    private volatile Process process;
    private Thread reader;

    NmcliMonitor(List<String> argv) {
        this.argv = List.copyOf(argv);
    }

    @Override
    public synchronized void start(BiConsumer<String, String> listener) {
        running = true;
        reader = new Thread(() -> readForever(listener), "nmcli-monitor");
        reader.setDaemon(true);
        reader.start();
    }

    private void readForever(BiConsumer<String, String> listener) {
        Duration pause = Duration.ofSeconds(1);
        while (running) {
            try {
                process = new ProcessBuilder(argv).redirectErrorStream(true).start();
                try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line; (line = in.readLine()) != null; ) {
                        Matcher m = EVENT.matcher(line.trim());
                        if (m.matches()) {
                            pause = Duration.ofSeconds(1);
                            listener.accept(m.group(1), m.group(2));
                        }
                    }
                }
                if (running) {
                    LOG.warn("nmcli device monitor ended (exit {}); restarting in {} s", process.waitFor(), pause.toSeconds());
                }
            } catch (IOException e) {
                LOG.warn("cannot run nmcli device monitor: {}; retrying in {} s", e.getMessage(), pause.toSeconds());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.warn("device event handling failed: {}", e.toString());
            }
            try {
                Thread.sleep(pause.toMillis());
            } catch (InterruptedException e) {
                return;
            }
            pause = pause.multipliedBy(2).compareTo(Duration.ofMinutes(1)) > 0 ? Duration.ofMinutes(1) : pause.multipliedBy(2);
        }
    }

    @Override
    public synchronized void close() {
        running = false;
        Process p = process;
        if (p != null) {
            p.destroy();
        }
        if (reader != null) {
            reader.interrupt();
        }
    }
}
