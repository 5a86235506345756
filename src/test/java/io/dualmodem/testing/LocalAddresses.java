package io.dualmodem.testing;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Addresses of this machine's own interfaces: the only addresses besides 127.0.0.1 a test may connect to. */
public final class LocalAddresses {

    private LocalAddresses() {
    }

    /** Every address of an up interface of this host but 127.0.0.1 ({@code ::1} included when present), link-local ones aside. */
    public static List<InetAddress> allBut127001() throws SocketException {
        List<InetAddress> addresses = new ArrayList<>();
        for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (!nic.isUp()) {
                continue;
            }
            for (InetAddress a : Collections.list(nic.getInetAddresses())) {
                if (!a.getHostAddress().equals("127.0.0.1") && !a.isLinkLocalAddress()) {
                    addresses.add(a);
                }
            }
        }
        return addresses;
    }
}
