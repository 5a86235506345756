package io.dualmodem.ops;

import io.dualmodem.modem.SwitchRecord;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;

/**
 * The one-page status view: HTML with inline SVG drawn here, on the device; no script, no external file, so it works
 * through an ssh tunnel on a slow line and in any browser. It reloads itself every 30 s ({@code meta refresh}).
 */
public final class StatusPage {

    private static final int SWITCHES_LISTED = 12;
    private static final String[] LINE_COLOURS = {"#2563eb", "#ea580c"};

    private final ZoneId zone;
    private final StatusCharts charts;
    private final DateTimeFormatter dateTime;

    public StatusPage(ZoneId zone) {
        this.zone = zone;
        this.charts = new StatusCharts(zone);
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
        Duration span = StatusCharts.span(s);
        String window = span.compareTo(TemperatureHistory.SPAN) >= 0 ? "last 24 h"
                : "since start-up " + human(Duration.between(s.started(), s.at())) + " ago";
        section(h, "Temperature, " + window, "30 s means with their range; kept in memory for 24 h");
        charts.temperatureChart(h, s, span);
        h.append("</section>");
        section(h, "Line in use, " + window, "switches with their reasons, newest first");
        charts.lineTimeline(h, s, span);
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
            h.append("<p class=\"muted\">No SIM counted yet: no figure is shown rather than a guess.</p>");
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

    private static void section(StringBuilder h, String title, String note) {
        h.append("<section><h2>").append(esc(title));
        if (note != null) {
            h.append(" <span class=\"note\">").append(esc(note)).append("</span>");
        }
        h.append("</h2>");
    }

    static String colour(String modem) {
        return LINE_COLOURS["b".equals(modem) ? 1 : 0];
    }

    private static String pill(String modem) {
        return "<span class=\"pill\" style=\"background:" + colour(modem) + "\">" + esc(modem) + "</span>";
    }

    static Instant parse(String at) {
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
