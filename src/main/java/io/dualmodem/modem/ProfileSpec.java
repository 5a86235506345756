package io.dualmodem.modem;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The NetworkManager profile of one board: its type ({@code gsm} on the Pi), interface ({@code *}
 * = any device of that type: the board is then told apart by SIM settings, not by ttyUSBn), the
 * settings passed to {@code nmcli connection add} as property/value pairs, and the secret.
 * The password is handed to nmcli in a file only root can read, never on a command line.
 */
public record ProfileSpec(String name, String type, String ifname, List<String> settings, String secretKey, String secret) {

    private static final Pattern SECRET_PROPERTY = Pattern.compile("(password|pin|psk|secret|key)[^.]*$", Pattern.CASE_INSENSITIVE);

    public ProfileSpec {
        if (settings.size() % 2 != 0) {
            throw new IllegalArgumentException("profile settings come in property/value pairs: " + settings);
        }
        settings = List.copyOf(settings);
    }

    /** Whether a device belongs to this profile: by interface name, or by type when the profile takes any device. */
    public boolean matches(NetworkManager.Device device) {
        return "*".equals(ifname) ? type.equals(device.type()) : ifname.equals(device.name());
    }

    /** Property/value pairs as people may see them: the properties only, as a value may be a secret ({@code gsm.pin}). */
    public static String shown(List<String> settings) {
        List<String> shown = new ArrayList<>(settings);
        for (int i = 1; i < shown.size(); i += 2) {
            shown.set(i, "***");
        }
        return String.join(" ", shown);
    }

    /** The values of the properties that hold secrets ({@code gsm.pin}, {@code gsm.password}, a {@code psk}): what nmcli's answers must not repeat. */
    public static List<String> secretValues(List<String> settings) {
        List<String> secrets = new ArrayList<>();
        for (int i = 0; i + 1 < settings.size(); i += 2) {
            if (SECRET_PROPERTY.matcher(settings.get(i)).find() && !settings.get(i + 1).isEmpty()) {
                secrets.add(settings.get(i + 1));
            }
        }
        return secrets;
    }

    @Override
    public String toString() {
        return "ProfileSpec[" + name + ", " + type + ", ifname " + ifname + ", " + shown(settings)
                + (secret == null || secret.isEmpty() ? "" : ", " + secretKey + "=***") + "]";
    }
}
