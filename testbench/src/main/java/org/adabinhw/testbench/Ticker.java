package org.adabinhw.testbench;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Progress of one long step (a Verilator or Yosys build): a line when it starts, naming its log; with {@code repeat}, a
 * line every {@link #PERIOD_SECONDS} seconds with the time so far (for a terminal); a line when it ends with its time.
 * Without {@code repeat} (output that is not a terminal) only the first and the last line.
 */
public final class Ticker implements AutoCloseable {
    /** Seconds between the lines of a running step. */
    public static final int PERIOD_SECONDS = 5;

    private final Consumer<String> out;
    private final String step;
    private final long start = System.nanoTime();
    private final ScheduledExecutorService timer;
    private final boolean endLine;

    private Ticker(Consumer<String> out, String step, Path log, boolean repeat, boolean endLine) {
        this.out = out;
        this.step = step;
        this.endLine = endLine;
        out.accept(step + (log == null ? "" : " (log: " + log + ")"));
        if (repeat) {
            timer = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "ticker");
                t.setDaemon(true);
                return t;
            });
            timer.scheduleAtFixedRate(() -> out.accept(String.format(Locale.ROOT, "%s: %d s", step, seconds())), PERIOD_SECONDS,
                    PERIOD_SECONDS, TimeUnit.SECONDS);
        } else {
            timer = null;
        }
    }

    /** Starts a step; {@code out} null: silent. */
    public static Ticker start(Consumer<String> out, String step, Path log, boolean repeat) {
        return new Ticker(out == null ? s -> { } : out, step, log, repeat, true);
    }

    /** Starts a step whose end its caller reports itself: no end line. */
    public static Ticker startWithoutEnd(Consumer<String> out, String step, Path log, boolean repeat) {
        return new Ticker(out == null ? s -> { } : out, step, log, repeat, false);
    }

    private long seconds() {
        return (System.nanoTime() - start) / 1_000_000_000L;
    }

    /** Ends the step: stops the repeated lines and says how long it took. */
    @Override
    public void close() {
        if (timer != null) {
            timer.shutdownNow();
        }
        if (!endLine) {
            return;
        }
        out.accept(String.format(Locale.ROOT, "%s: done in %.1f s", step, (System.nanoTime() - start) / 1e9));
    }
}
