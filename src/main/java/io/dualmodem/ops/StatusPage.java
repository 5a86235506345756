package io.dualmodem.ops;

import io.dualmodem.modem.SwitchRecord;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The one-page status view: HTML with inline SVG drawn here, on the device; no script, no external file, so it works
 * through an ssh tunnel on a slow line and in any browser. It reloads itself every 30 s ({@code meta refresh}).
 */
public final class StatusPage {

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
    private static final int SWITCHES_LISTED = 12;
    private static final String[] LINE_COLOURS = {"#2563eb", "#ea580c"};

    private final ZoneId zone;
    private final DateTimeFormatter hourMinute;
    private final DateTimeFormatter dateTime;

    public StatusPage(ZoneId zone) {
        this.zone = zone;
        this.hourMinute = DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT).withZone(zone);
        this.dateTime = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT).withZone(zone);
    }

    public String render(StatusSnapshot s) {
        StringBuilder h = new StringBuilder(16_384);
        h.append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta http-equiv=\"refresh\" content=\"30\">")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .append("<title>").append(esc(s.device())).append(" · dual-modem-telemetry</title>")
                .append("<style>").append(STYLE).append("</style></head><body><main>");
        header(h, s);
        cards(h, s);
        Duration span = span(s);
        String window = span.compareTo(SPAN) >= 0 ? "last 24 h" : "since start-up " + human(Duration.between(s.started(), s.at())) + " ago";
        section(h, "Temperature, " + window, "30 s means with their range; kept in memory for 24 h");
        temperatureChart(h, s, span);
        h.append("</section>");
        section(h, "Line in use, " + window, "switches with their reasons, newest first");
        lineTimeline(h, s, span);
        switchTable(h, s);
        h.append("</section>");
        section(h, "Data use per SIM, this month", null);
        dataUse(h, s);
        h.append("</section>");
        h.append("<footer>Drawn on the device at ").append(esc(dateTime.format(s.at()))).append(' ').append(esc(zone.getId()))
                .append(" · reloads every 30 s · <a href=\"/health\">/health</a> (JSON) · JMX over HTTP at <code>/jolokia</code> when on</footer>");
        return h.append("</main></body></html>").toString();
    }

    private void header(StringBuilder h, StatusSnapshot s) {
        h.append("<header><div><h1>").append(esc(s.device())).append("</h1><div class=\"sub\">dual-modem-telemetry");
        if (s.simulated()) {
            h.append(" <span class=\"tag sim\">SIMULATION</span>");
        }
        h.append("</div></div>");
        StatusSnapshot.Health health = s.health();
        h.append("<div class=\"health ").append(health.up() ? "up" : "down").append("\"><b>")
                .append(health.up() ? "Healthy" : "Needs attention").append("</b>");
        for (String problem : health.problems()) {
            h.append("<div>").append(esc(problem)).append("</div>");
        }
        h.append("</div></header>");
    }

    private void cards(StringBuilder h, StatusSnapshot s) {
        StatusSnapshot.Line line = s.line();
        h.append("<div class=\"cards\">");
        h.append("<div class=\"card\"><div class=\"label\">Active line</div>");
        if (line.active() == null) {
            h.append("<div class=\"big\">none</div>");
        } else {
            h.append("<div class=\"big\"><span class=\"dot\" style=\"background:").append(colour(line.active())).append("\"></span>")
                    .append(esc(line.active())).append("</div><div class=\"small\">")
                    .append(esc(line.names().getOrDefault(line.active(), ""))).append("</div>");
        }
        h.append("<div class=\"small\">").append(line.active() != null && line.active().equals(line.primary()) ? "primary" : "primary is "
                + esc(String.valueOf(line.primary()))).append(" · failover ").append(esc(String.valueOf(line.failoverState())))
                .append("</div><div class=\"small\">modem control ").append(esc(line.control())).append("</div></div>");

        StatusSnapshot.Queue q = s.queue();
        h.append("<div class=\"card\"><div class=\"label\">Outbox</div><div class=\"big\">").append(q.depth())
                .append(q.depth() == 1 ? " reading" : " readings").append(" waiting</div><div class=\"small\">capacity ")
                .append(q.capacity()).append(" · ").append(q.uploaded()).append(" uploaded since start</div><div class=\"small\">last accepted ")
                .append(q.lastAccepted() == null ? "never" : esc(ago(q.lastAccepted(), s.at()))).append("</div>");
        if (q.alarm() != null) {
            h.append("<div class=\"small alarm\">").append(esc(q.alarm())).append("</div>");
        }
        h.append("</div>");

        List<TemperatureHistory.Point> t = s.temperatures();
        h.append("<div class=\"card\"><div class=\"label\">Temperature</div><div class=\"big\">");
        if (t.isEmpty()) {
            h.append("–</div><div class=\"small\">no reading yet</div>");
        } else {
            TemperatureHistory.Point last = t.get(t.size() - 1);
            double lo = t.stream().mapToDouble(TemperatureHistory.Point::min).min().orElseThrow();
            double hi = t.stream().mapToDouble(TemperatureHistory.Point::max).max().orElseThrow();
            h.append(String.format(Locale.ROOT, "%.1f °C", last.mean())).append("</div><div class=\"small\">")
                    .append(String.format(Locale.ROOT, "low %.1f · high %.1f °C", lo, hi)).append("</div>");
        }
        h.append("</div></div>");
    }

    /** The charts' time span: since start-up, at least a few minutes, at most the 24 h kept. */
    private static Duration span(StatusSnapshot s) {
        Duration up = Duration.between(s.started(), s.at());
        return up.compareTo(MIN_SPAN) < 0 ? MIN_SPAN : up.compareTo(SPAN) > 0 ? SPAN : up;
    }

    private void temperatureChart(StringBuilder h, StatusSnapshot s, Duration span) {
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

    private void lineTimeline(StringBuilder h, StatusSnapshot s, Duration span) {
        int top = 8;
        int barH = 26;
        Instant start = s.at().minus(span);
        h.append("<svg class=\"chart\" viewBox=\"0 0 ").append(W).append(' ').append(top + barH + 26)
                .append("\" role=\"img\" aria-label=\"active line over the last 24 hours\">");
        String activeBefore = null;
        List<Instant> times = new ArrayList<>();
        List<SwitchRecord> inSpan = new ArrayList<>();
        for (SwitchRecord r : s.switches()) {
            Instant at = parse(r.at());
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
                    r.ok() ? "switch" : "switch failed", x, x, top - 4, top + barH + 4, esc(r.summary())));
        }
        timeAxis(h, s.at(), top + barH, span);
        h.append("</svg><div class=\"legend\">");
        for (String id : s.line().names().keySet()) {
            h.append("<span><span class=\"dot\" style=\"background:").append(colour(id)).append("\"></span>").append(esc(id))
                    .append(" ").append(esc(s.line().names().get(id))).append("</span>");
        }
        h.append("<span><span class=\"dot\" style=\"background:#d1d5db\"></span>unknown</span></div>");
    }

    private static void segment(StringBuilder h, double x1, double x2, int top, int barH, String modem) {
        if (x2 - x1 < 0.05) {
            return;
        }
        h.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\"><title>%s</title></rect>",
                x1, top, x2 - x1, barH, modem == null ? "#d1d5db" : colour(modem), modem == null ? "unknown" : "modem " + esc(modem)));
    }

    private void switchTable(StringBuilder h, StatusSnapshot s) {
        List<SwitchRecord> switches = s.switches();
        if (switches.isEmpty()) {
            h.append("<p class=\"muted\">No switch recorded.</p>");
            return;
        }
        h.append("<table><thead><tr><th>when</th><th>switch</th><th>reason</th><th>result</th></tr></thead><tbody>");
        for (int i = switches.size() - 1; i >= Math.max(0, switches.size() - SWITCHES_LISTED); i--) {
            SwitchRecord r = switches.get(i);
            Instant at = parse(r.at());
            h.append("<tr><td class=\"nowrap\">").append(at == null ? esc(r.at()) : esc(dateTime.format(at)))
                    .append("</td><td class=\"nowrap\">").append(r.from() == null ? "start" : pill(r.from())).append(" → ")
                    .append(pill(r.to())).append("</td><td>").append(esc(r.reason())).append("</td><td class=\"")
                    .append(r.ok() ? "ok" : "failed").append("\">").append(r.ok() ? "ok" : "FAILED")
                    .append(String.format(Locale.ROOT, " in %.1f s", r.millis() / 1000.0)).append("<div class=\"small\">")
                    .append(esc(r.outcome())).append("</div></td></tr>");
        }
        h.append("</tbody></table>");
        if (switches.size() > SWITCHES_LISTED) {
            h.append("<p class=\"muted\">").append(switches.size() - SWITCHES_LISTED)
                    .append(" older switches in JMX (<code>io.dualmodem:type=Modems</code>, SwitchHistory).</p>");
        }
    }

    private static void dataUse(StringBuilder h, StatusSnapshot s) {
        if (s.dataUse().isEmpty()) {
            h.append("<p class=\"muted\">Not counted in this version: no figure is shown rather than a guess.</p>");
            return;
        }
        h.append("<table><thead><tr><th>modem</th><th>SIM</th><th>sent</th><th>received</th><th>total</th><th>quota</th></tr></thead><tbody>");
        for (SimDataUse u : s.dataUse()) {
            long total = u.sentBytes() + u.receivedBytes();
            h.append("<tr><td>").append(pill(u.modem())).append("</td><td>").append(esc(u.sim())).append("</td><td>")
                    .append(bytes(u.sentBytes())).append("</td><td>").append(bytes(u.receivedBytes())).append("</td><td><b>")
                    .append(bytes(total)).append("</b></td><td>");
            if (u.monthlyQuotaBytes() == null) {
                h.append("none set");
            } else {
                double share = Math.min(1.0, (double) total / u.monthlyQuotaBytes());
                h.append(String.format(Locale.ROOT, "<div class=\"quota\"><div style=\"width:%.0f%%\" class=\"%s\"></div></div>%.0f %% of %s",
                        share * 100, share >= 0.8 ? "high" : "", share * 100, bytes(u.monthlyQuotaBytes())));
            }
            h.append("</td></tr>");
        }
        h.append("</tbody></table>");
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

    private static void section(StringBuilder h, String title, String note) {
        h.append("<section><h2>").append(esc(title));
        if (note != null) {
            h.append(" <span class=\"note\">").append(esc(note)).append("</span>");
        }
        h.append("</h2>");
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

    private static String colour(String modem) {
        return LINE_COLOURS["b".equals(modem) ? 1 : 0];
    }

    private static String pill(String modem) {
        return "<span class=\"pill\" style=\"background:" + colour(modem) + "\">" + esc(modem) + "</span>";
    }

    private static Instant parse(String at) {
        try {
            return at == null ? null : Instant.parse(at);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static String ago(String at, Instant now) {
        Instant t = parse(at);
        return t == null ? at : human(Duration.between(t, now)) + " ago";
    }

    static String human(Duration d) {
        long s = Math.max(0, d.toSeconds());
        if (s < 120) {
            return s + " s";
        }
        if (s < 7200) {
            return s / 60 + " min";
        }
        return s / 3600 + " h " + (s % 3600) / 60 + " min";
    }

    private static String bytes(long n) {
        if (n < 1024) {
            return n + " B";
        }
        String[] units = {"KiB", "MiB", "GiB"};
        double v = n;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }

    static String esc(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    private static final String STYLE = """
            :root{color-scheme:light;font-family:system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;color:#1f2937;background:#f3f4f6}
            body{margin:0}main{max-width:960px;margin:0 auto;padding:20px 24px 32px}
            header{display:flex;justify-content:space-between;align-items:flex-start;gap:16px;margin-bottom:16px}
            h1{font-size:24px;margin:0}.sub{color:#6b7280;font-size:14px;margin-top:2px}
            .tag{font-size:11px;font-weight:700;letter-spacing:.05em;padding:2px 6px;border-radius:4px;vertical-align:middle}
            .sim{background:#fef3c7;color:#92400e}
            .health{border-radius:8px;padding:8px 14px;font-size:13px;max-width:560px}
            .health b{font-size:15px;display:block}.up{background:#dcfce7;color:#166534}.down{background:#fee2e2;color:#991b1b}
            .cards{display:grid;grid-template-columns:repeat(3,1fr);gap:12px;margin-bottom:12px}
            .card,section{background:#fff;border-radius:10px;box-shadow:0 1px 2px rgba(0,0,0,.08);padding:14px 16px}
            section{margin-top:12px}.label{font-size:12px;text-transform:uppercase;letter-spacing:.06em;color:#6b7280}
            .big{font-size:26px;font-weight:650;margin:4px 0}.small{font-size:13px;color:#4b5563;margin-top:2px}
            .alarm{color:#b91c1c}h2{font-size:16px;margin:0 0 8px}.note{font-weight:400;color:#6b7280;font-size:13px;margin-left:6px}
            .chart{width:100%;height:auto;display:block}.grid{stroke:#e5e7eb}.tick{stroke:#9ca3af}
            .axis{font-size:11px;fill:#6b7280}.band{fill:#fca5a5;fill-opacity:.35;stroke:none}
            .line{fill:none;stroke:#dc2626;stroke-width:2;stroke-linejoin:round}.mean{fill:#dc2626}
            .switch{stroke:#111827;stroke-width:2}.switch.failed{stroke:#dc2626;stroke-dasharray:3 2}
            .dot{display:inline-block;width:10px;height:10px;border-radius:50%;margin-right:6px}
            .legend{font-size:12px;color:#4b5563;display:flex;gap:16px;margin:2px 0 10px 52px}
            table{border-collapse:collapse;width:100%;font-size:13px}th{text-align:left;color:#6b7280;font-weight:600;border-bottom:1px solid #e5e7eb;padding:6px 8px}
            td{border-bottom:1px solid #f3f4f6;padding:6px 8px;vertical-align:top}.nowrap{white-space:nowrap}
            .pill{color:#fff;border-radius:4px;padding:0 6px;font-weight:600}.ok{color:#166534}.failed{color:#b91c1c}
            .muted{color:#6b7280;font-size:13px;margin:6px 0}.quota{display:inline-block;width:80px;height:8px;background:#e5e7eb;border-radius:4px;margin-right:6px}
            .quota div{height:8px;border-radius:4px;background:#16a34a}.quota .high{background:#dc2626}
            footer{color:#6b7280;font-size:12px;margin-top:14px}code{font-size:12px}
            @media (max-width:700px){.cards{grid-template-columns:1fr}header{flex-direction:column}}
            """;
}
