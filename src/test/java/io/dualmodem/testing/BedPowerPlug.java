package io.dualmodem.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The test bed's end of the simulation's power hook ({@code modem.sim-power-hook}): the application
 * runs a small script on every simulated module's power change, which writes {@code BOARD on|off}
 * into a FIFO; this reads it and plugs or unplugs that modem's veth in the bed, as USB would.
 */
public final class BedPowerPlug implements AutoCloseable {

    private final Path fifo;
    private final Path hook;
    private final Thread reader;
    private volatile boolean open = true;

    private BedPowerPlug(Testbed bed, Path dir) throws IOException, InterruptedException {
        fifo = dir.resolve("power.fifo");
        hook = dir.resolve("power-hook.sh");
        if (new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start().waitFor() != 0) {
            throw new IOException("mkfifo " + fifo + " failed");
        }
        Files.writeString(hook, "#!/bin/sh\nprintf '%s %s\\n' \"$1\" \"$2\" > '" + fifo + "'\n");
        Files.setPosixFilePermissions(hook, PosixFilePermissions.fromString("rwx------"));
        reader = new Thread(() -> {
            while (open) {
                try (BufferedReader in = Files.newBufferedReader(fifo, StandardCharsets.US_ASCII)) {
                    for (String line; (line = in.readLine()) != null; ) {
                        String[] board = line.trim().split(" ");
                        bed.command("power-" + board[1] + " " + board[0].toUpperCase());
                    }
                } catch (IOException | RuntimeException e) {
                    if (open) {
                        System.out.println("bed power plug: " + e.getMessage());
                    }
                }
            }
        }, "bed-power-plug");
        reader.setDaemon(true);
        reader.start();
    }

    public static BedPowerPlug start(Testbed bed, Path dir) throws IOException, InterruptedException {
        return new BedPowerPlug(bed, dir);
    }

    /** The FIFO the power changes are written to, as {@code BOARD on|off} lines (the emulated Pi writes there itself). */
    public Path fifo() {
        return fifo;
    }

    /** The value of {@code modem.sim-power-hook}. */
    public String hook() {
        return hook.toString();
    }

    @Override
    public void close() throws IOException {
        open = false;
        // opening the FIFO for writing releases a reader blocked in open
        Files.writeString(fifo, "");
    }
}
