package io.dualmodem.modem;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.exec.ExecBinding;
import org.apache.camel.component.exec.ExecResult;

/**
 * Runs commands through camel-exec (Apache Commons Exec: no shell). The arguments go in the
 * {@code CamelExecCommandArgs} header as a list, so each reaches the program exactly as given.
 * From Camel 4.20 that header is ignored unless the endpoint sets {@code allowControlHeaders=true}:
 * add it to the URI below when moving past 4.19, or every command runs without its arguments.
 */
public final class CamelExecRunner implements CommandRunner {

    private final ProducerTemplate camel;

    public CamelExecRunner(ProducerTemplate camel) {
        this.camel = camel;
    }

    @Override
    public CommandResult run(List<String> argv, Duration timeout) {
        long start = System.nanoTime();
        Exchange done = camel.request("exec:" + argv.get(0) + "?timeout=" + timeout.toMillis(), exchange -> {
            exchange.getIn().setHeader(ExecBinding.EXEC_COMMAND_ARGS, argv.subList(1, argv.size()));
            exchange.getIn().setBody(null);
        });
        if (done.getException() != null) {
            return new CommandResult(-1, "", String.valueOf(done.getException().getMessage()), false);
        }
        ExecResult result = done.getMessage().getBody(ExecResult.class);
        boolean timedOut = System.nanoTime() - start >= timeout.toNanos();
        return new CommandResult(result.getExitValue(), text(result.getStdout()), text(result.getStderr()), timedOut);
    }

    private static String text(InputStream in) {
        if (in == null) {
            return "";
        }
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}
