package bench;

import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.main.Main;

/**
 * The smallest Camel main the benchmarks compare the product with: a timer every {@code timer.period} logging one line,
 * the first right away ("Stored reading seq=1", the line bench/footprint.sh waits for, as the product's sample).
 */
public final class MinimalMain extends RouteBuilder {

    public static void main(String[] args) throws Exception {
        Main main = new Main();
        main.configure().addRoutesBuilder(new MinimalMain());
        main.run(args);
    }

    @Override
    public void configure() {
        from("timer:tick?period={{timer.period:30000}}&delay=0&includeMetadata=true").routeId("tick")
                .log("Stored reading seq=${header.CamelTimerCounter} ");
    }
}
