package org.adabinhw.simulator;

import java.util.Objects;

/**
 * A valid/ready stream between two blocks, the model of one AXI-Stream. It holds this cycle's signals,
 * which blocks read in the compute phase, and the next cycle's, which the producer ({@link #drive}) and
 * the consumer ({@link #setReady}) write in the commit phase; {@link Simulation} then advances it.
 * <p>
 * It checks the handshake rules as it advances: a transfer happens in a cycle where valid and ready are
 * both high; once valid is high it stays high, with the same data, until the transfer; exactly one producer
 * and one consumer drive it after reset, and at most one of each in a cycle. A signal its side does not
 * drive in a cycle holds its value: that is how a block the {@link Simulation} skips as {@link Block#idle idle}
 * keeps its outputs.
 *
 * @param <T> the payload of one beat (compared with {@link Objects#deepEquals} for the hold rule)
 */
public final class Stream<T> {
    private final String name;
    private boolean valid;
    private T data;
    private boolean ready;
    private boolean nextValid;
    private T nextData;
    private boolean nextReady;
    private int drives;
    private int readies;
    private long cycle;
    private boolean fired;
    private boolean handshakeChanged;
    /** The simulation's list of streams driven in this cycle, or null for a stream outside a simulation. */
    private final java.util.List<Stream<?>> driven;
    /** Whether this stream is in {@link #driven} for the current cycle. */
    private boolean listed;
    /** A number an owner may give the stream, for tables indexed by stream (-1 until set). */
    int tag = -1;

    /**
     * A stream with every signal low.
     *
     * @param name the stream's name, used in messages
     */
    public Stream(String name) {
        this(name, null);
    }

    /** A stream of a simulation that advances only the streams driven in a cycle. */
    Stream(String name, java.util.List<Stream<?>> driven) {
        this.name = Objects.requireNonNull(name);
        this.driven = driven;
    }

    /** The stream's name. */
    public String name() {
        return name;
    }

    /** TVALID in this cycle. */
    public boolean valid() {
        return valid;
    }

    /** TDATA in this cycle; meaningful only while {@link #valid()}. */
    public T data() {
        return data;
    }

    /** TREADY in this cycle. */
    public boolean ready() {
        return ready;
    }

    /** Whether a beat transfers in this cycle: valid and ready. */
    public boolean fire() {
        return valid && ready;
    }

    /**
     * The producer's signals for the next cycle; call once per commit (and once in reset).
     *
     * @param v    TVALID
     * @param beat TDATA, may be null when {@code v} is false
     */
    public void drive(boolean v, T beat) {
        nextValid = v;
        nextData = beat;
        drives++;
        list();
    }

    /** The consumer's TREADY for the next cycle; call once per commit (and once in reset). */
    public void setReady(boolean r) {
        nextReady = r;
        readies++;
        list();
    }

    private void list() {
        if (!listed && driven != null) {
            listed = true;
            driven.add(this);
        }
    }

    /** Whether TVALID or TREADY differ between the cycle the last {@link #advance()} ended and the current one. */
    boolean handshakeChangedLast() {
        return handshakeChanged;
    }

    /** Whether a beat transferred in the cycle that the last {@link #advance()} ended. */
    boolean firedLast() {
        return fired;
    }

    /** TVALID as driven for the next cycle (for {@link Combinational} blocks, after the commit phase). */
    boolean nextValid() {
        return nextValid;
    }

    /** TDATA as driven for the next cycle (for {@link Combinational} blocks, after the commit phase). */
    T nextData() {
        return nextData;
    }

    /** TREADY as set for the next cycle (for {@link Combinational} blocks, after the commit phase). */
    boolean nextReady() {
        return nextReady;
    }

    /** Makes the driven signals current without the hold check (after reset), where each side must drive once. */
    void start() {
        checkWiring(-1);
        valid = nextValid;
        data = nextData;
        ready = nextReady;
        cycle = 0;
        fired = false;
        listed = false;
    }

    /**
     * Ends the current cycle: checks the rules and makes the driven signals current; a side not driven in this
     * cycle holds its signals.
     */
    void advance() {
        int d = drives;
        int r = readies;
        drives = 0;
        readies = 0;
        listed = false;
        if (d > 1 || r > 1) {
            throw new ProtocolViolation("stream " + name + ", cycle " + cycle + ": " + (d > 1 ? d + " producers drove it"
                    : r + " consumers set its ready") + " (each stream needs exactly one producer and one consumer)");
        }
        if (d == 0) {
            nextValid = valid;
            nextData = data;
        }
        if (r == 0) {
            nextReady = ready;
        }
        fired = valid && ready;
        handshakeChanged = valid != nextValid || ready != nextReady;
        if (valid && !ready && !(nextValid && (data == nextData || Objects.deepEquals(data, nextData)))) {
            throw new ProtocolViolation("stream " + name + ", cycle " + cycle + ": TVALID was high without a transfer, so"
                    + " the next cycle must hold it with the same TDATA, but it " + (nextValid ? "changed TDATA" : "dropped TVALID"));
        }
        valid = nextValid;
        data = nextData;
        ready = nextReady;
        cycle++;
    }

    private void checkWiring(long when) {
        int d = drives;
        int r = readies;
        drives = 0;
        readies = 0;
        if (d != 1 || r != 1) {
            String at = when < 0 ? "reset" : "cycle " + when;
            String problem = d != 1 ? d + " producers drove it" : r + " consumers set its ready";
            throw new ProtocolViolation("stream " + name + ", " + at + ": " + problem
                    + " (each stream needs exactly one producer and one consumer)");
        }
    }
}
