package io.dualmodem.events;

import io.dualmodem.uplink.UplinkTarget;

/**
 * Events: where they are posted ({@code uplink.status-url}, by default the readings server's {@code /status}, with the
 * uplink's credentials) and how many may wait ({@code outbox.event-capacity}). How often the status is reported is
 * the route's ({@code uplink.status-interval}).
 */
public record EventSettings(UplinkTarget target, long capacity) {
}
