package io.dualmodem.failover;

import io.dualmodem.SettingsException;
import io.dualmodem.SettingsReader;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Settings of the link watch and the failover policy ({@code link.*}), validated at start-up. */
public record LinkSettings(PolicySettings policy, WatchSettings watch, List<InetSocketAddress> probeTargets,
                           int probeReliability, Duration probeTimeout) {

    public static final List<String> PREFIXES = List.of("link.");
    public static final Set<String> KEYS = Set.of("link.failures-to-switch", "link.good-checks-to-stay", "link.hold-down",
            "link.max-hold-down", "link.max-switches-per-hour", "link.both-down-backoff", "link.max-both-down-backoff",
            "link.board-fail-hold", "link.probe-targets", "link.probe-reliability", "link.probe-timeout",
            "link.probe-suspect-interval", "link.probe-idle-interval", "link.keepalive-after", "link.watch-interval");

    /** The same settings with another fail-back hold-down (the simulation's demo shortens it). */
    public LinkSettings withHoldDown(Duration holdDown) {
        PolicySettings p = policy;
        return new LinkSettings(new PolicySettings(p.failuresToSwitch(), p.goodChecksToStay(), holdDown, p.maxHoldDown(),
                p.maxSwitchesPerHour(), p.bothDownBackoff(), p.maxBothDownBackoff(), p.boardFailHold()),
                watch, probeTargets, probeReliability, probeTimeout);
    }

    public static LinkSettings load(SettingsReader r, Set<String> presentKeys, URI uplink) {
        r.rejectUnknown(presentKeys, PREFIXES, KEYS);
        Duration ms = Duration.ofMillis(10);
        PolicySettings policy = new PolicySettings(
                r.integer("link.failures-to-switch", "3", 1, 100),
                r.integer("link.good-checks-to-stay", "3", 1, 100),
                r.duration("link.hold-down", "30m", ms),
                r.duration("link.max-hold-down", "4h", ms),
                r.integer("link.max-switches-per-hour", "6", 1, 1000),
                r.duration("link.both-down-backoff", "1m", ms),
                r.duration("link.max-both-down-backoff", "30m", ms),
                r.duration("link.board-fail-hold", "10m", ms));
        WatchSettings watch = new WatchSettings(
                r.duration("link.probe-suspect-interval", "5s", ms),
                r.duration("link.probe-idle-interval", "5m", ms),
                r.duration("link.keepalive-after", "30m", ms));
        if (watch.keepAliveAfter().compareTo(Duration.ofMinutes(55)) > 0) {
            throw new SettingsException("link.keepalive-after", r.string("link.keepalive-after", ""),
                    "must stay well under the carriers' one-hour idle cut (at most 55m)");
        }
        String targets = r.string("link.probe-targets", "");
        List<InetSocketAddress> probeTargets = new ArrayList<>();
        if (targets.isBlank()) {
            int port = uplink.getPort() > 0 ? uplink.getPort() : "https".equals(uplink.getScheme()) ? 443 : 80;
            probeTargets.add(InetSocketAddress.createUnresolved(uplink.getHost(), port));
        } else {
            for (String t : targets.split(",")) {
                String target = t.trim();
                int colon = target.lastIndexOf(':');
                try {
                    probeTargets.add(InetSocketAddress.createUnresolved(target.substring(0, colon),
                            Integer.parseInt(target.substring(colon + 1))));
                } catch (RuntimeException e) {
                    throw new SettingsException("link.probe-targets", targets, "host:port pairs separated by commas");
                }
            }
        }
        int reliability = r.integer("link.probe-reliability", "1", 1, probeTargets.size());
        r.duration("link.watch-interval", "1s", ms); // read by the watch-link route; checked here
        return new LinkSettings(policy, watch, probeTargets, reliability, r.duration("link.probe-timeout", "4s", ms));
    }
}
