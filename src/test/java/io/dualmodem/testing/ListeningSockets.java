package io.dualmodem.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** What the kernel says listens on a TCP port ({@code /proc/net/tcp} and {@code tcp6}), without sending a packet. */
public final class ListeningSockets {

    private static final String LISTEN = "0A";

    private ListeningSockets() {
    }

    /** The local addresses of the sockets listening on this port, e.g. {@code 127.0.0.1} or {@code 0.0.0.0}. */
    public static List<String> addressesOf(int port) throws IOException {
        List<String> addresses = new ArrayList<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            Path file = Path.of(table);
            if (!Files.exists(file)) {
                continue;
            }
            List<String> lines = Files.readAllLines(file);
            for (String line : lines.subList(1, lines.size())) {
                String[] f = line.trim().split("\\s+");
                String[] local = f[1].split(":");
                if (f[3].equals(LISTEN) && Integer.parseInt(local[1], 16) == port) {
                    addresses.add(InetAddress.getByAddress(kernelOrder(local[0])).getHostAddress());
                }
            }
        }
        return addresses;
    }

    /** The kernel prints each 32-bit word of the address in host (little-endian) order. */
    private static byte[] kernelOrder(String hex) {
        byte[] bytes = new byte[hex.length() / 2];
        for (int word = 0; word < bytes.length; word += 4) {
            for (int i = 0; i < 4; i++) {
                bytes[word + i] = (byte) Integer.parseInt(hex.substring(2 * (word + 3 - i), 2 * (word + 3 - i) + 2), 16);
            }
        }
        return bytes;
    }
}
