package io.dualmodem.failover;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Checks that the active line carries data: a TCP connection to each target, closed at once.
 * It costs one handshake and one close — about 5 packets, 300 bytes — and catches what
 * NetworkManager cannot see: a link that is up but carries nothing. A target answers when it
 * accepts the connection or refuses it: a refusal (RST) came back over the line from the target's
 * host, so a server process that is down proves the line works. The line is good when at least
 * {@code reliability} targets answer within the timeout. Besides the configured targets, the DNS
 * servers the carrier gave the active device are asked (port 53), so that no server outage of any
 * length is taken for a dead line.
 */
public final class LinkProbe {

    /** One probe's verdict and what it saw, for the policy's evidence. */
    public record Verdict(boolean good, String evidence) {
    }

    private final List<InetSocketAddress> targets;
    private volatile List<InetSocketAddress> lineTargets = List.of();
    private final int reliability;
    private final Duration timeout;
    private final Supplier<InetAddress> localAddress;

    /**
     * @param localAddress the address to send from, or a supplier of null to let routing choose
     *                     (the simulation sends from the active simulated modem's address)
     */
    public LinkProbe(List<InetSocketAddress> targets, int reliability, Duration timeout, Supplier<InetAddress> localAddress) {
        this.targets = List.copyOf(targets);
        this.reliability = reliability;
        this.timeout = timeout;
        this.localAddress = localAddress;
    }

    /** Targets that come with the active line (its DNS servers), replaced at every switch. */
    public void lineTargets(List<InetSocketAddress> targets) {
        lineTargets = List.copyOf(targets);
    }

    public Verdict probe() {
        int answered = 0;
        List<String> seen = new ArrayList<>();
        List<InetSocketAddress> all = new ArrayList<>(targets);
        all.addAll(lineTargets);
        for (InetSocketAddress target : all) {
            long start = System.nanoTime();
            try (Socket socket = new Socket()) {
                InetAddress local = localAddress.get();
                if (local != null) {
                    socket.bind(new InetSocketAddress(local, 0));
                }
                socket.connect(new InetSocketAddress(target.getHostString(), target.getPort()), (int) timeout.toMillis());
                answered++;
                seen.add(target.getHostString() + ":" + target.getPort() + " connected in " + millis(start) + " ms");
            } catch (ConnectException e) {
                boolean refused = String.valueOf(e.getMessage()).contains("refused");
                answered += refused ? 1 : 0;
                seen.add(target.getHostString() + ":" + target.getPort() + (refused ? " refused (the host answered)" : " "
                        + e.getClass().getSimpleName()) + " after " + millis(start) + " ms");
            } catch (IOException e) {
                seen.add(target.getHostString() + ":" + target.getPort() + " " + e.getClass().getSimpleName() + " after "
                        + millis(start) + " ms");
            }
        }
        return new Verdict(answered >= reliability, "probe " + String.join(", ", seen));
    }

    private static long millis(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }
}
