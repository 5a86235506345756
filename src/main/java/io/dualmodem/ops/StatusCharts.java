package io.dualmodem.ops;

import io.dualmodem.modem.SwitchRecord;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The status page's two SVG drawings over one time axis: the temperature (30 s means with their range, a missing
 * stretch left open) and the line in use (a bar coloured by modem, a mark at each switch). The axis spans the last
 * 24 h, or the time since start-up while that is shorter (at least a few minutes), ending at the snapshot's time.
 */
final class StatusCharts {

    private static final int W = 900;
    private static final int LEFT = 52;
    private static final int RIGHT = 16;
    private static final int PLOT_W = W - LEFT - RIGHT;
    private static final Duration SPAN = TemperatureHistory.SPAN;
    private static final Duration MIN_SPAN = Duration.ofMinutes(5);
    private static final List<Duration> TICK_STEPS = List.of(Duration.ofMinutes(1), Duration.ofMinutes(2), Duration.ofMinutes(5),
            Duration.ofMinutes(10), Duration.ofMinutes(15), Duration.ofMinutes(30), Duration.ofHours(1), Duration.ofHours(2),
            Duration.ofHours(3), Duration.ofHours(6));
    private static final Duration GAP = TemperatureHistory.SLOT.multipliedBy(3);

    private final ZoneId zone;
    private final DateTimeFormatter hourMinute;

    StatusCharts(ZoneId zone) {
        this.zone = zone;
        this.hourMinute = DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT).withZone(zone);
    }

    /** The charts' time span: since start-up, at least a few minutes, at most the 24 h kept. */
    static Duration span(StatusSnapshot s) {
        Duration up = Duration.between(s.started(), s.at());
        return up.compareTo(MIN_SPAN) < 0 ? MIN_SPAN : up.compareTo(SPAN) > 0 ? SPAN : up;
    }

    void temperatureChart(StringBuilder h, StatusSnapshot s, Duration span) {
        int top = 10;
        int plotH = 200;
        List<TemperatureHistory.Point> points = s.temperatures();
        double lo = points.stream().mapToDouble(TemperatureHistory.Point::min).min().orElse(20);
        double hi = points.stream().mapToDouble(TemperatureHistory.Point::max).max().orElse(25);
        double mid = (lo + hi) / 2;
        double range = Math.max(hi - lo, 2.0) * 1.15;
        double step = niceStep(range / 5);
        double yMin = Math.floor((mid - range / 2) / step) * step;
        double yMax = Math.ceil((mid + range / 2) / step) * step;
        h.append("<svg class=\"chart\" viewBox=\"0 0 ").append(W).append(' ').append(top + plotH + 26)
                .append("\" role=\"img\" aria-label=\"temperature of the last 24 hours\">");
        for (double y = yMin; y <= yMax + step / 2; y += step) {
            double py = top + plotH - (y - yMin) / (yMax - yMin) * plotH;
            h.append(String.format(Locale.ROOT, "<line class=\"grid\" x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\"/>", LEFT, W - RIGHT, py, py))
                    .append(String.format(Locale.ROOT, "<text class=\"axis\" x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s °C</text>",
                            LEFT - 6, py + 4, trim(y)));
        }
        timeAxis(h, s.at(), top + plotH, span);
        StringBuilder band = new StringBuilder();
        StringBuilder mean = new StringBuilder();
        for (List<TemperatureHistory.Point> run : runs(points.stream().filter(p -> p.age().compareTo(span) <= 0).toList())) {
            StringBuilder upper = new StringBuilder();
            StringBuilder lower = new StringBuilder();
            for (TemperatureHistory.Point p : run) {
                double x = xOfAge(p.age(), span);
                upper.append(String.format(Locale.ROOT, "%s%.1f,%.1f ", upper.length() == 0 ? "M" : "L", x, yOf(p.max(), yMin, yMax, top, plotH)));
                lower.insert(0, String.format(Locale.ROOT, "L%.1f,%.1f ", x, yOf(p.min(), yMin, yMax, top, plotH)));
                mean.append(String.format(Locale.ROOT, "%s%.1f,%.1f ", p == run.get(0) ? "M" : "L", x, yOf(p.mean(), yMin, yMax, top, plotH)));
            }
            band.append(upper).append(lower).append("Z ");
        }
        if (points.size() == 1) {
            TemperatureHistory.Point p = points.get(0);
            h.append(String.format(Locale.ROOT, "<circle class=\"mean\" cx=\"%.1f\" cy=\"%.1f\" r=\"3\"/>", xOfAge(p.age(), span),
                    yOf(p.mean(), yMin, yMax, top, plotH)));
        }
        h.append("<path class=\"band\" d=\"").append(band).append("\"/><path class=\"line\" d=\"").append(mean).append("\"/></svg>");
    }

    /** Consecutive points with no gap longer than a few slots between them: a missing stretch is not bridged. */
    private static List<List<TemperatureHistory.Point>> runs(List<TemperatureHistory.Point> points) {
        List<List<TemperatureHistory.Point>> runs = new ArrayList<>();
        List<TemperatureHistory.Point> run = new ArrayList<>();
        Duration previous = null;
        for (TemperatureHistory.Point p : points) {
            if (previous != null && previous.minus(p.age()).compareTo(GAP) > 0) {
                runs.add(run);
                run = new ArrayList<>();
            }
            run.add(p);
            previous = p.age();
        }
        if (!run.isEmpty()) {
            runs.add(run);
        }
        return runs;
    }

    void lineTimeline(StringBuilder h, StatusSnapshot s, Duration span) {
        int top = 8;
        int barH = 26;
        Instant start = s.at().minus(span);
        h.append("<svg class=\"chart\" viewBox=\"0 0 ").append(W).append(' ').append(top + barH + 26)
                .append("\" role=\"img\" aria-label=\"active line over the last 24 hours\">");
        String activeBefore = null;
        List<Instant> times = new ArrayList<>();
        List<SwitchRecord> inSpan = new ArrayList<>();
        for (SwitchRecord r : s.switches()) {
            Instant at = StatusPage.parse(r.at());
            if (at == null || !at.isAfter(start)) {
                activeBefore = r.active();
            } else if (!at.isAfter(s.at())) {
                inSpan.add(r);
                times.add(at);
            }
        }
        Instant from = start;
        String active = activeBefore;
        if (active == null) {
            // nothing known from before: unknown up to the first switch, or up to start-up when there was none
            Instant until = !inSpan.isEmpty() ? times.get(0) : s.started().isAfter(start) ? s.started() : start;
            segment(h, xOf(from, s.at(), span), xOf(until, s.at(), span), top, barH, null);
            from = until;
        }
        for (int i = 0; i <= inSpan.size(); i++) {
            Instant to = i < inSpan.size() ? times.get(i) : s.at();
            String shown = i == inSpan.size() && s.line().active() != null ? s.line().active() : active;
            segment(h, xOf(from, s.at(), span), xOf(to, s.at(), span), top, barH, shown);
            if (i < inSpan.size()) {
                active = inSpan.get(i).active();
                from = to;
            }
        }
        for (int i = 0; i < inSpan.size(); i++) {
            SwitchRecord r = inSpan.get(i);
            double x = xOf(times.get(i), s.at(), span);
            h.append(String.format(Locale.ROOT, "<line class=\"%s\" x1=\"%.1f\" x2=\"%.1f\" y1=\"%d\" y2=\"%d\"><title>%s</title></line>",
                    r.ok() ? "switch" : "switch failed", x, x, top - 4, top + barH + 4, StatusPage.esc(r.summary())));
        }
        timeAxis(h, s.at(), top + barH, span);
        h.append("</svg><div class=\"legend\">");
        for (String id : s.line().names().keySet()) {
            h.append("<span><span class=\"dot\" style=\"background:").append(StatusPage.colour(id)).append("\"></span>").append(StatusPage.esc(id))
                    .append(" ").append(StatusPage.esc(s.line().names().get(id))).append("</span>");
        }
        h.append("<span><span class=\"dot\" style=\"background:#d1d5db\"></span>unknown</span></div>");
    }

    private static void segment(StringBuilder h, double x1, double x2, int top, int barH, String modem) {
        if (x2 - x1 < 0.05) {
            return;
        }
        h.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\"><title>%s</title></rect>",
                x1, top, x2 - x1, barH, modem == null ? "#d1d5db" : StatusPage.colour(modem), modem == null ? "unknown" : "modem " + StatusPage.esc(modem)));
    }

    /** Ticks at round times of the day, a step that gives at most 8 of them; the right edge is "now". */
    private void timeAxis(StringBuilder h, Instant now, int y, Duration span) {
        Duration step = TICK_STEPS.stream().filter(d -> span.dividedBy(d) <= 8).findFirst().orElse(TICK_STEPS.get(TICK_STEPS.size() - 1));
        long stepMillis = step.toMillis();
        long offset = zone.getRules().getOffset(now).getTotalSeconds() * 1000L;
        Instant tick = Instant.ofEpochMilli(Math.floorDiv(now.toEpochMilli() + offset, stepMillis) * stepMillis - offset);
        for (; !tick.isBefore(now.minus(span)); tick = tick.minus(step)) {
            double x = xOf(tick, now, span);
            h.append(String.format(Locale.ROOT, "<line class=\"tick\" x1=\"%.1f\" x2=\"%.1f\" y1=\"%d\" y2=\"%d\"/>", x, x, y, y + 4));
            if (Duration.between(tick, now).compareTo(step.dividedBy(3)) > 0) {
                h.append(String.format(Locale.ROOT, "<text class=\"axis\" x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>", x, y + 18,
                        hourMinute.format(tick)));
            }
        }
        h.append(String.format(Locale.ROOT, "<text class=\"axis\" x=\"%d\" y=\"%d\" text-anchor=\"end\">now</text>", W - RIGHT, y + 18));
    }

    private static double xOfAge(Duration age, Duration span) {
        double fraction = 1.0 - Math.min(1.0, (double) age.toMillis() / span.toMillis());
        return LEFT + fraction * PLOT_W;
    }

    private static double xOf(Instant t, Instant now, Duration span) {
        return xOfAge(Duration.between(t, now).isNegative() ? Duration.ZERO : Duration.between(t, now), span);
    }

    private static double yOf(double value, double min, double max, int top, int height) {
        return top + height - (value - min) / (max - min) * height;
    }

    private static double niceStep(double raw) {
        double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
        for (double m : new double[] {1, 2, 5}) {
            if (m * magnitude >= raw) {
                return m * magnitude;
            }
        }
        return 10 * magnitude;
    }

    private static String trim(double v) {
        return Math.abs(v - Math.rint(v)) < 1e-9 ? Long.toString(Math.round(v)) : String.format(Locale.ROOT, "%.1f", v);
    }
}
