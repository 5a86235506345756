package io.dualmodem.failover;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;

/** Settings of the link watch and the failover policy ({@code link.*}). */
public record LinkSettings(PolicySettings policy, WatchSettings watch, List<InetSocketAddress> probeTargets,
                           int probeReliability, Duration probeTimeout) {

    /** The same settings with another fail-back hold-down (the simulation's demo shortens it). */
    public LinkSettings withHoldDown(Duration holdDown) {
        PolicySettings p = policy;
        return new LinkSettings(new PolicySettings(p.failuresToSwitch(), p.goodChecksToStay(), holdDown, p.maxHoldDown(),
                p.maxSwitchesPerHour(), p.bothDownBackoff(), p.maxBothDownBackoff(), p.boardFailHold()),
                watch, probeTargets, probeReliability, probeTimeout);
    }
}
