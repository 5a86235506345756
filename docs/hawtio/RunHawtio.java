/** Starts hawtio-embedded with its command-line options: its own main() ignores them (3.0.0). */
public class RunHawtio {
    public static void main(String[] args) {
        io.hawt.embedded.Main.run(args);
    }
}
