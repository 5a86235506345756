package io.dualmodem.ops;

import io.dualmodem.outbox.Reading;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The temperatures of the last 24 hours for the status page, in memory: the outbox deletes a reading once the server
 * has it, so it cannot answer "what was it this morning".
 *
 * <p>A ring of 2880 slots of 30 s each (the default sampling period), each holding the lowest, highest and mean value
 * of the readings that fell into it: about 80 KB, whatever {@code sensor.interval} is. Slots are placed by the
 * monotonic time a reading was stored, so a step of the wall clock (NTP after a boot without RTC) neither tears nor
 * reorders the chart. Nothing is written to disk (that would wear the SD card every 30 s for a glance): after a restart
 * the chart starts empty.
 */
public final class TemperatureHistory {

    public static final Duration SLOT = Duration.ofSeconds(30);
    public static final Duration SPAN = Duration.ofHours(24);
    private static final int SLOTS = (int) (SPAN.toNanos() / SLOT.toNanos());

    /** One slot: its age at the time of the snapshot (the slot's end to now), and its values. */
    public record Point(Duration age, double min, double max, double mean) {
    }

    /** Slot number (monotonic nanos / slot length) each ring entry holds, or -1 when empty. */
    private final long[] slotOf = new long[SLOTS];
    private final float[] min = new float[SLOTS];
    private final float[] max = new float[SLOTS];
    private final double[] sum = new double[SLOTS];
    private final int[] count = new int[SLOTS];

    public TemperatureHistory() {
        java.util.Arrays.fill(slotOf, -1);
    }

    /** Adds a stored reading's value, now (an error reading leaves a gap); the sample route calls this. */
    public void add(Reading reading) {
        if (reading != null && reading.celsius() != null) {
            add(reading.celsius(), System.nanoTime());
        }
    }

    /** Adds a value measured at {@code nanos} ({@link System#nanoTime()}). */
    synchronized void add(double celsius, long nanos) {
        long slot = Math.floorDiv(nanos, SLOT.toNanos());
        int i = (int) Math.floorMod(slot, SLOTS);
        float value = (float) celsius;
        if (slotOf[i] != slot) {
            slotOf[i] = slot;
            min[i] = value;
            max[i] = value;
            sum[i] = 0;
            count[i] = 0;
        }
        min[i] = Math.min(min[i], value);
        max[i] = Math.max(max[i], value);
        sum[i] += value;
        count[i]++;
    }

    /** The slots of the last 24 h before {@code nowNanos} ({@link System#nanoTime()}), oldest first. */
    public synchronized List<Point> lastDay(long nowNanos) {
        long current = Math.floorDiv(nowNanos, SLOT.toNanos());
        List<Point> points = new ArrayList<>();
        for (long slot = current - SLOTS + 1; slot <= current; slot++) {
            int i = (int) Math.floorMod(slot, SLOTS);
            if (slotOf[i] == slot && count[i] > 0) {
                Duration age = Duration.ofNanos(Math.max(0, nowNanos - (slot + 1) * SLOT.toNanos()));
                points.add(new Point(age, min[i], max[i], sum[i] / count[i]));
            }
        }
        return points;
    }
}
