package io.dualmodem.modem;

import java.util.List;
import java.util.Optional;

/** What the modem switch needs from NetworkManager; {@link Nmcli} on the device, a simulation elsewhere. */
public interface NetworkManager {

    /** A network device as NetworkManager lists it ({@code state} as in {@code nmcli device status}). */
    record Device(String name, String type, String state, String connection) {
    }

    /** A stored connection profile. */
    record Profile(String name, String uuid, String type, String device) {
    }

    /** A device's state code (100 = connected), its IPv4 addresses and the DNS servers it was given. */
    record Link(String device, int state, List<String> ipv4, List<String> dns) {

        public boolean isUp() {
            return state == 100 && !ipv4.isEmpty();
        }
    }

    List<Device> devices();

    List<Profile> profiles();

    /** Creates the profile. */
    void add(ProfileSpec spec);

    /** Activates the profile on this device and waits until NetworkManager reports it activated or failed. */
    void up(ProfileSpec spec, String device);

    /** Deactivates the profile; a profile that is not active is not an error. */
    void down(String profile);

    Link link(String device);

    /**
     * The interface the device's IP traffic goes over, as NetworkManager reports it ({@code GENERAL.IP-IFACE}):
     * {@code ppp0} or {@code wwan0} for a modem whose device is {@code ttyUSB3} or {@code cdc-wdm0}, the device itself
     * for ethernet. Empty when it has none, or where there is no real interface (the simulation).
     */
    default Optional<String> ipInterface(String device) {
        return Optional.empty();
    }
}
