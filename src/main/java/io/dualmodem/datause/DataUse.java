package io.dualmodem.datause;

import io.dualmodem.datause.DataUseFile.Baseline;
import io.dualmodem.datause.DataUseFile.Content;
import io.dualmodem.datause.InterfaceCounters.Reading;
import java.io.IOException;
import java.nio.channels.ClosedByInterruptException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bytes sent and received per SIM per calendar month, from the kernel's counters of the active modem's IP interface.
 *
 * <p><b>How it counts.</b> The kernel counts every byte of an interface from the moment the interface is created. The
 * meter remembers, per interface, the counters it last read with the interface's ifindex and the boot; each reading
 * adds the difference to the SIM of the active line. Another ifindex, another boot, or counters lower than remembered
 * mean a new instance of the interface (ppp0 after a reconnect, a veth or modem powered off and on), which started
 * from zero: all of its counters are new. Just before a switch the old line is read once more, so its last bytes
 * are not left behind when its interface goes away, and nothing is counted during the switch.
 *
 * <p><b>Which month.</b> The wall clock's month in {@code zone}, but only while the clock is synchronized: a Pi has
 * no RTC and boots with the time fake-hwclock saved, possibly weeks old. Bytes read before are held as
 * unattributed and go to the month of the first reading after synchronization (they are counted against the quota
 * meanwhile).
 *
 * <p><b>What survives a crash.</b> Totals and remembered counters are saved together in one atomically replaced
 * file ({@link DataUseFile}) every {@code saveEvery}, at each switch and at stop. After the application restarts, the
 * same interface goes on from the saved counters: nothing is counted twice and nothing is lost. After a power cut,
 * the interface and the bytes since the last save are gone: at most {@code saveEvery}'s traffic is not counted. A
 * save that fails (a full disk) is logged once and retried with the next reading; memory stays the truth.
 */
public final class DataUse implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DataUse.class);
    private static final int MONTHS_KEPT = 24;
    /** Share of the quota at which the month's warning is given. */
    static final double WARN_AT = 0.8;

    /** The line bytes are counted on now: the active modem's SIM and its IP interface. */
    private record Line(Sim sim, String iface) {
    }

    private final Map<String, Sim> sims = new TreeMap<>();
    private final InterfaceCounters counters;
    private final DataUseFile file;
    private final Clock wall;
    private final ZoneId zone;
    private final BooleanSupplier clockSynced;
    private final Clock monotonic;
    private final Duration saveEvery;
    private final String boot;
    private final List<Consumer<SimUse>> quotaWarnings = new CopyOnWriteArrayList<>();
    private final Content content;
    private Line line;
    private String lineProblem = "no active line yet";
    /** While the active line's interface is not known: the board, and how to ask for its interface again. */
    private String awaitingBoard;
    private Supplier<String> findInterface;
    private boolean dirty;
    private Instant lastSave;
    private String writeError;

    /**
     * @param sims        the SIM in each board, by board id
     * @param wall        the wall clock, for the month
     * @param clockSynced whether the wall clock is synchronized now
     * @param monotonic   the clock {@code saveEvery} is measured on
     * @param boot        this boot's id ({@code /proc/sys/kernel/random/boot_id})
     */
    public DataUse(List<Sim> sims, InterfaceCounters counters, DataUseFile file, Clock wall, ZoneId zone,
                   BooleanSupplier clockSynced, Clock monotonic, Duration saveEvery, String boot) {
        sims.forEach(s -> this.sims.put(s.board(), s));
        this.counters = counters;
        this.file = file;
        this.wall = wall;
        this.zone = zone;
        this.clockSynced = clockSynced;
        this.monotonic = monotonic;
        this.saveEvery = saveEvery;
        this.boot = boot;
        this.content = file.load();
        this.content.interfaces().values().removeIf(b -> !b.boot().equals(boot));
        this.lastSave = monotonic.instant();
    }

    /** Runs {@code warning} (on the reading's thread) when a SIM passes 80 % of its quota, once a month per SIM. */
    public void onQuotaWarning(Consumer<SimUse> warning) {
        quotaWarnings.add(warning);
    }

    /**
     * A switch begins: the line is read one last time, and nothing is counted until {@link #lineIs} names the new one
     * (both modems' lines may be called {@code ppp0}: a reading during the switch could not tell whose it is).
     */
    public synchronized void switchStarts() {
        sample();
        findInterface = null;
        line = null;
        lineProblem = "a switch is under way";
    }

    /**
     * The active line changed: from now on bytes on {@code iface} count for the SIM in {@code board}. Null for either:
     * no line (modem control found no active modem, or it has no interface).
     */
    public synchronized void lineIs(String board, String iface) {
        findInterface = null;
        Sim sim = board == null ? null : sims.get(board);
        line = sim == null || iface == null ? null : new Line(sim, iface);
        lineProblem = sim == null ? "no active modem" : iface == null ? "no IP interface known for modem " + board : null;
        if (line != null) {
            LOG.info("Counting data use of SIM {} on interface {}", sim.key(), iface);
            sample();
        }
        save();
    }

    /**
     * The active line is on {@code board}, but its interface is not known yet (NetworkManager did not say at the switch):
     * {@code find} is asked at each {@link #sample} until it names one, null meaning not yet; counting starts then.
     */
    public synchronized void lineAwaitsInterface(String board, Supplier<String> find) {
        lineIs(board, null);
        awaitingBoard = board;
        findInterface = find;
    }

    /** No line will be counted, and why (modem control is off). */
    public synchronized void noLine(String why) {
        findInterface = null;
        line = null;
        lineProblem = why;
    }

    /** Reads the active line's counters and adds what is new; saves when {@code saveEvery} has passed. */
    public synchronized void sample() {
        if (findInterface != null) {
            String iface;
            try {
                iface = findInterface.get();
            } catch (RuntimeException e) {
                iface = null;
            }
            if (iface != null) {
                lineIs(awaitingBoard, iface);
                return;
            }
        }
        if (line != null) {
            Optional<Reading> now = counters.read(line.iface());
            if (now.isEmpty()) {
                noteProblem("interface " + line.iface() + " is not there");
            } else {
                noteProblem(null);
                count(line, now.get());
            }
        }
        if (dirty && !monotonic.instant().isBefore(lastSave.plus(saveEvery))) {
            save();
        } else if (writeError != null) {
            save();
        }
    }

    private void count(Line on, Reading now) {
        Baseline before = content.interfaces().get(on.iface());
        boolean sameInstance = before != null && before.boot().equals(boot) && before.ifindex() == now.ifindex()
                && now.sent() >= before.sent() && now.received() >= before.received();
        Totals added = sameInstance ? new Totals(now.sent() - before.sent(), now.received() - before.received())
                : new Totals(now.sent(), now.received());
        content.interfaces().put(on.iface(), new Baseline(boot, now.ifindex(), now.sent(), now.received()));
        String sim = on.sim().key();
        if (clockSynced.getAsBoolean()) {
            String month = month();
            Totals held = content.unattributed().remove(sim);
            addTo(sim, month, held == null ? added : added.plus(held));
        } else if (added.total() > 0) {
            content.unattributed().merge(sim, added, Totals::plus);
        }
        dirty = dirty || added.total() > 0 || !sameInstance;
        checkQuota(on.sim());
    }

    private void addTo(String sim, String month, Totals added) {
        TreeMap<String, Totals> months = content.months().computeIfAbsent(sim, s -> new TreeMap<>());
        months.merge(month, added, Totals::plus);
        while (months.size() > MONTHS_KEPT) {
            months.pollFirstEntry();
        }
    }

    private void checkQuota(Sim sim) {
        if (sim.quota() == 0) {
            return;
        }
        SimUse use = thisMonth(sim);
        if (use.quotaWarning() && !use.month().equals(content.warned().get(sim.key()))) {
            content.warned().put(sim.key(), use.month());
            LOG.warn("Data use of SIM {} this month ({}) is {} of its quota {}: {}", sim.key(), use.month(),
                    String.format(java.util.Locale.ROOT, "%.0f %%", use.percentOfQuota()),
                    ByteSize.format(sim.quota()), use.describe());
            save();
            quotaWarnings.forEach(w -> w.accept(use));
        }
    }

    private String month() {
        return YearMonth.from(wall.instant().atZone(zone)).toString();
    }

    /** Whether the SIM in {@code board} has used its whole monthly quota this month (false without a quota). */
    public synchronized boolean overQuota(String board) {
        Sim sim = sims.get(board);
        return sim != null && sim.quota() > 0 && thisMonth(sim).bytes().total() >= sim.quota();
    }

    /** Each configured SIM's use this month (bytes not yet given a month included), for JMX, health and the status page. */
    public synchronized List<SimUse> thisMonth() {
        return sims.values().stream().map(this::thisMonth).toList();
    }

    private SimUse thisMonth(Sim sim) {
        String month = month();
        Totals used = content.months().getOrDefault(sim.key(), new TreeMap<>()).getOrDefault(month, Totals.NONE)
                .plus(content.unattributed().getOrDefault(sim.key(), Totals.NONE));
        return new SimUse(sim.key(), sim.board(), month, used, sim.quota(), line != null && line.sim().equals(sim));
    }

    /** Every SIM's use in every month kept (at most 24), oldest month first, SIMs no longer configured included. */
    public synchronized List<SimUse> history() {
        List<SimUse> rows = new ArrayList<>();
        content.months().forEach((sim, months) -> months.forEach((month, totals) -> {
            Sim configured = sims.values().stream().filter(s -> s.key().equals(sim)).findFirst().orElse(null);
            rows.add(new SimUse(sim, sim.substring(0, sim.indexOf(':')), month, totals,
                    configured == null ? 0 : configured.quota(), false));
        }));
        rows.sort((x, y) -> x.month().equals(y.month()) ? x.sim().compareTo(y.sim()) : x.month().compareTo(y.month()));
        return rows;
    }

    /** Bytes read while the clock was not synchronized, waiting for a month, by SIM. */
    public synchronized Map<String, Totals> unattributed() {
        return Map.copyOf(content.unattributed());
    }

    /** The interface counted now ({@code a:gsm-3gpi-soracom on ppp0}), or why none is. */
    public synchronized String line() {
        if (line == null) {
            return "none: " + lineProblem;
        }
        return line.sim().key() + " on " + line.iface() + (lineProblem == null ? "" : " (" + lineProblem + ")");
    }

    /** Why the last save failed, or null when the file is up to date. */
    public synchronized String writeError() {
        return writeError;
    }

    @Override
    public synchronized void close() {
        sample();
        save();
    }

    private void noteProblem(String problem) {
        if (problem != null && !problem.equals(lineProblem)) {
            LOG.info("Data use: {}; counting resumes when it is back", problem);
        }
        lineProblem = problem;
    }

    private void save() {
        try {
            file.save(content);
            if (writeError != null) {
                LOG.info("Data use written to {} again", file.path());
            }
            writeError = null;
            dirty = false;
            lastSave = monotonic.instant();
        } catch (ClosedByInterruptException e) {
            // the application is stopping during a switch; close() saves again, on the thread that stops it
            LOG.debug("Data use not written: interrupted");
        } catch (IOException e) {
            if (writeError == null) {
                LOG.warn("Cannot write the data use to {} ({}): kept in memory, retried with each reading — free space "
                        + "or fix the folder's permissions", file.path(), e.toString());
            }
            writeError = e.toString();
        }
    }
}
