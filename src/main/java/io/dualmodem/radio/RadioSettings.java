package io.dualmodem.radio;

import java.time.Duration;

/** Where {@code mmcli} is and how long a call may take ({@code modem.mmcli}, {@code modem.nmcli-timeout}). */
public record RadioSettings(String mmcliPath, Duration timeout) {
}
