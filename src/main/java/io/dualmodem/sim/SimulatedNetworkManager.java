package io.dualmodem.sim;

import io.dualmodem.modem.NetworkManager;
import io.dualmodem.modem.NmcliException;
import io.dualmodem.modem.ProfileSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.HashSet;
import java.util.Set;
import java.util.function.BiConsumer;
import io.dualmodem.modem.DeviceEvents;

/**
 * A stand-in for NetworkManager in the simulation: a modem's gsm device exists only while its
 * simulated board's module is on, and gets the next free {@code ttyUSBn} name each time it
 * appears (so, as with two identical boards on USB, names are not tied to boards). Each modem holds
 * a SIM of one operator: as NetworkManager does, a profile bound to another operator
 * ({@code gsm.sim-operator-id}) cannot be activated on it. Profiles are stored as added; bringing
 * one up on a device connects it and gives it the address configured for that board. Errors use
 * nmcli's exit codes. A line can be cut (the carrier is
 * lost: the device turns unavailable and stays so while the board is on), silenced (the usual
 * cellular failure: the device stays connected but nothing gets through) and restored; device
 * changes are reported as {@code nmcli device monitor} reports them.
 */
public final class SimulatedNetworkManager implements NetworkManager, DeviceEvents {

    private record Modem(SimulatedBoard board, String address, String simOperator) {
    }

    private final Map<SimulatedBoard, Modem> modems = new LinkedHashMap<>();
    private final Map<SimulatedBoard, String> deviceNames = new LinkedHashMap<>();
    private final Map<String, ProfileSpec> profiles = new LinkedHashMap<>();
    private final Map<String, String> activeProfileByDevice = new LinkedHashMap<>();
    private final Set<SimulatedBoard> cut = new HashSet<>();
    private final Set<SimulatedBoard> silent = new HashSet<>();
    private volatile BiConsumer<String, String> listener = (device, state) -> { };
    private int nextTty = 3;

    /**
     * Adds a board whose module, when on, shows up as a gsm device with a SIM of {@code simOperator}
     * (MCC/MNC, e.g. 44010) that gets {@code address} when connected.
     */
    public synchronized void attach(SimulatedBoard board, String address, String simOperator) {
        modems.put(board, new Modem(board, address, simOperator));
        board.onPowerChange(on -> {
            String name;
            synchronized (this) {
                String known = deviceNames.get(board);
                String now = deviceName(board);
                name = on ? now : known;
            }
            if (name != null) {
                listener.accept(name, on ? "device created" : "device removed");
            }
        });
    }

    /** Cuts the line of this board's modem: carrier lost, the device becomes unavailable. */
    public void cut(SimulatedBoard board) {
        String name;
        synchronized (this) {
            cut.add(board);
            name = deviceName(board);
            if (name != null) {
                activeProfileByDevice.remove(name);
            }
        }
        if (name != null) {
            listener.accept(name, "unavailable");
        }
    }

    /** The line stays connected but carries nothing: NetworkManager sees nothing wrong, only a probe can. */
    public synchronized void silence(SimulatedBoard board) {
        silent.add(board);
    }

    /** Gives the line back. */
    public synchronized void restore(SimulatedBoard board) {
        cut.remove(board);
        silent.remove(board);
    }

    /** The simulated board of modem {@code index} (0 = a). */
    public synchronized SimulatedBoard board(int index) {
        return List.copyOf(modems.keySet()).get(index);
    }

    @Override
    public void start(BiConsumer<String, String> listener) {
        this.listener = listener;
    }

    @Override
    public void close() {
        listener = (device, state) -> { };
    }

    @Override
    public synchronized List<Device> devices() {
        List<Device> out = new ArrayList<>();
        for (Modem m : modems.values()) {
            String name = deviceName(m.board());
            if (name != null) {
                String profile = activeProfileByDevice.get(name);
                String state = cut.contains(m.board()) ? "unavailable" : profile == null ? "disconnected" : "connected";
                out.add(new Device(name, "gsm", state, profile == null ? "" : profile));
            }
        }
        return out;
    }

    @Override
    public synchronized List<Profile> profiles() {
        List<Profile> out = new ArrayList<>();
        profiles.values().forEach(p -> out.add(new Profile(p.name(), "uuid-" + p.name(), p.type(),
                activeProfileByDevice.entrySet().stream().filter(e -> e.getValue().equals(p.name()))
                        .map(Map.Entry::getKey).findFirst().orElse(""))));
        return out;
    }

    @Override
    public synchronized void add(ProfileSpec spec) {
        profiles.put(spec.name(), spec);
    }

    @Override
    public synchronized void up(ProfileSpec spec, String device) {
        if (!profiles.containsKey(spec.name())) {
            throw new NmcliException("unknown connection '" + spec.name() + "'", 10);
        }
        Modem modem = modems.values().stream().filter(m -> device.equals(deviceName(m.board()))).findFirst()
                .orElseThrow(() -> new NmcliException("Device '" + device + "' not found", 10));
        String wanted = operator(spec);
        String current = activeProfileByDevice.get(device);
        if (cut.contains(modem.board()) || !spec.matches(devices().stream().filter(d -> d.name().equals(device))
                .findFirst().orElseThrow()) || wanted != null && !wanted.equals(modem.simOperator())
                || current != null && !current.equals(spec.name())) {
            throw new NmcliException("Connection '" + spec.name() + "' is not available on device " + device, 4);
        }
        activeProfileByDevice.put(device, spec.name());
    }

    private static String operator(ProfileSpec spec) {
        int i = spec.settings().indexOf("gsm.sim-operator-id");
        return i < 0 ? null : spec.settings().get(i + 1);
    }

    @Override
    public synchronized void down(String profile) {
        activeProfileByDevice.values().removeIf(profile::equals);
    }

    @Override
    public synchronized Link link(String device) {
        for (Modem m : modems.values()) {
            if (device.equals(deviceName(m.board())) && activeProfileByDevice.containsKey(device)) {
                return new Link(device, 100, List.of(m.address() + "/32"), List.of());
            }
        }
        return new Link(device, 30, List.of(), List.of());
    }

    /** The address of the modem whose link is up now, or null: the simulated uplink leaves from it. */
    public synchronized String activeAddress() {
        for (Modem m : modems.values()) {
            String name = deviceName(m.board());
            if (name != null && activeProfileByDevice.containsKey(name)) {
                return silent.contains(m.board()) ? null : m.address();
            }
        }
        return null;
    }

    private String deviceName(SimulatedBoard board) {
        if (!board.isModuleOn()) {
            String gone = deviceNames.remove(board);
            if (gone != null) {
                activeProfileByDevice.remove(gone);
            }
            return null;
        }
        return deviceNames.computeIfAbsent(board, b -> "ttyUSB" + (nextTty += 4) % 8);
    }
}
