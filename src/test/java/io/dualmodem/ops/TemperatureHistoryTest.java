package io.dualmodem.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class TemperatureHistoryTest {

    private static final long SLOT = TemperatureHistory.SLOT.toNanos();
    private final TemperatureHistory history = new TemperatureHistory();
    private final long t0 = 1_000_000 * SLOT; // a monotonic time far from zero, on a slot boundary

    @Test
    void readingsInOneSlotBecomeItsLowHighAndMean() {
        history.add(20.0, t0);
        history.add(22.0, t0 + SLOT / 3);
        history.add(24.5, t0 + SLOT - 1);
        List<TemperatureHistory.Point> points = history.lastDay(t0 + SLOT);
        assertEquals(1, points.size());
        TemperatureHistory.Point p = points.get(0);
        assertEquals(20.0, p.min());
        assertEquals(24.5, p.max());
        assertEquals(22.1666, p.mean(), 1e-3);
        assertEquals(Duration.ZERO, p.age());
    }

    @Test
    void theOldestFirstWithTheirAgesAndNothingOlderThan24Hours() {
        int slots = (int) (Duration.ofHours(24).toNanos() / SLOT);
        for (int i = 0; i < slots + 10; i++) {
            history.add(i, t0 + i * SLOT);
        }
        long now = t0 + (slots + 9) * SLOT + SLOT / 2; // halfway through the slot of the last value
        List<TemperatureHistory.Point> points = history.lastDay(now);
        assertEquals(slots, points.size(), "a full day, the ten oldest slots overwritten");
        assertEquals(10.0, points.get(0).mean(), "the oldest kept");
        assertEquals(Duration.ofHours(24).minus(TemperatureHistory.SLOT.multipliedBy(3).dividedBy(2)), points.get(0).age(),
                "from the end of the oldest slot to now");
        assertEquals(slots + 9.0, points.get(points.size() - 1).mean());
        assertEquals(Duration.ZERO, points.get(points.size() - 1).age());
    }

    @Test
    void aSlotLeftOverFromADayAgoIsNotShownAsRecent() {
        history.add(30.0, t0);
        long aDayLater = t0 + Duration.ofHours(24).toNanos() + SLOT / 2;
        assertEquals(List.of(), history.lastDay(aDayLater), "the ring entry is reused, not read as today's");
        history.add(18.0, aDayLater);
        assertEquals(18.0, history.lastDay(aDayLater).get(0).mean());
    }
}
