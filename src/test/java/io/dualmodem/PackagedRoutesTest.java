package io.dualmodem;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The packaged jar loads its routes by name: a route file added to {@code routes/} but not named there would never run. */
class PackagedRoutesTest {

    @Test
    void everyRouteFileIsLoadedByTheJar() throws IOException {
        try (Stream<Path> files = Files.list(Path.of(System.getProperty("user.dir"), "routes"))) {
            List<String> shipped = files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".camel.yaml"))
                    .sorted().toList();
            assertEquals(shipped, App.PACKAGED_ROUTES.stream().sorted().toList());
        }
    }
}
