package org.adabinhw.simulator;

import java.math.BigInteger;

import org.adabinhw.generator.blocks.SlidingWindowConfig;

/**
 * The cycle model of {@code sliding_window}: the same circular buffer of {@link SlidingWindowConfig#bufferRows()}
 * rows, the same row-granular conditions for writing and reading, the same credit count in front of the same
 * depth-3 {@code axis_fifo} output stage, so that it matches the RTL cycle for cycle.
 * <p>
 * Payloads are TDATA: an input beat is the packed lanes, an output beat {@code {tap_valid, lanes}}
 * ({@link SlidingWindowConfig#windowBeat}).
 */
public final class SlidingWindowModel implements Block {
    /** Taps the RAM's read register and the output stage hold at most, as in {@code sliding_window.v}. */
    static final int CREDITS = 3;

    private final String name;
    private final SlidingWindowConfig c;
    private final Stream<BigInteger> pixels;
    private final Stream<BigInteger> windows;
    private final FifoCore<BigInteger> stage = new FifoCore<>(CREDITS);
    private final BigInteger[] buffer;
    private final int rowWords;
    private final int topLast;
    private final int leftLast;

    /** The registers of the RTL, and their next values. */
    private static final class State {
        int wrAddr;
        int wrCol;
        int ahead;
        boolean inReady;
        int top;
        int left;
        int ky;
        int kx;
        int fold;
        int baseSlot;
        int topSlot;
        int held;
        boolean rdValid;
        boolean rdTap;
        BigInteger rdData;

        State copyInto(State s) {
            s.wrAddr = wrAddr;
            s.wrCol = wrCol;
            s.ahead = ahead;
            s.inReady = inReady;
            s.top = top;
            s.left = left;
            s.ky = ky;
            s.kx = kx;
            s.fold = fold;
            s.baseSlot = baseSlot;
            s.topSlot = topSlot;
            s.held = held;
            s.rdValid = rdValid;
            s.rdTap = rdTap;
            s.rdData = rdData;
            return s;
        }
    }

    private State s = new State();
    private State next = new State();
    private int writeAddr = -1;
    private BigInteger writeData;

    /**
     * A model between two streams.
     *
     * @param name    instance name
     * @param config  the block
     * @param pixels  the consumed stream ({@code s_axis_pixels})
     * @param windows the produced stream ({@code m_axis_windows})
     */
    public SlidingWindowModel(String name, SlidingWindowConfig config, Stream<BigInteger> pixels,
                              Stream<BigInteger> windows) {
        this.name = name;
        this.c = config;
        this.pixels = pixels;
        this.windows = windows;
        this.buffer = new BigInteger[config.bufferWords()];
        this.rowWords = config.width() * config.folds();
        this.topLast = (config.outHeight() - 1) * config.stride() - config.padding();
        this.leftLast = (config.outWidth() - 1) * config.stride() - config.padding();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void reset() {
        s = new State();
        s.inReady = true;
        s.top = -c.padding();
        s.left = -c.padding();
        stage.reset();
        drive();
    }

    @Override
    public boolean idle() {
        return !s.rdValid && !(pixels.valid() && s.inReady) && !stage.popping(windows.ready())
                && !(s.ahead >= Math.min(c.height(), s.top + c.kernel()) && s.held < CREDITS);
    }

    @Override
    public void compute() {
        State n = s.copyInto(next);
        int rows = c.bufferRows();
        boolean write = pixels.valid() && s.inReady;
        boolean rowDone = write && s.wrCol == rowWords - 1;
        boolean pop = windows.fire();
        int rowNeed = Math.min(c.height(), s.top + c.kernel());
        boolean issue = s.ahead >= rowNeed && s.held < CREDITS;

        int iy = s.top + s.ky;
        int ix = s.left + s.kx;
        boolean tapValid = iy >= 0 && iy < c.height() && ix >= 0 && ix < c.width();
        boolean foldEnd = s.fold == c.folds() - 1;
        boolean kxEnd = foldEnd && s.kx == c.kernel() - 1;
        boolean windowEnd = kxEnd && s.ky == c.kernel() - 1;
        boolean rowEnd = windowEnd && s.left == leftLast;
        boolean imageEnd = rowEnd && s.top == topLast;
        int baseNext = (s.baseSlot + c.height() % rows) % rows;

        writeAddr = write ? s.wrAddr : -1;
        // The buffer keeps words as the window beat of a valid tap, {1, lanes}: written once, read K² times.
        writeData = write ? c.windowBeat(true, pixels.data()) : null;
        if (write) {
            n.wrAddr = s.wrAddr == c.bufferWords() - 1 ? 0 : s.wrAddr + 1;
            n.wrCol = rowDone ? 0 : s.wrCol + 1;
        }
        n.ahead = s.ahead + (rowDone ? 1 : 0);
        if (issue && rowEnd) {
            if (imageEnd) {
                n.top = -c.padding();
                n.topSlot = baseNext;
                n.ahead -= c.height();
            } else {
                n.top = s.top + c.stride();
                n.topSlot = (s.topSlot + Math.max(n.top, 0) - Math.max(s.top, 0)) % rows;
            }
        }
        n.inReady = n.ahead < Math.max(n.top, 0) + rows;
        n.held = s.held + (issue ? 1 : 0) - (pop ? 1 : 0);
        n.rdValid = issue;
        if (issue) {
            n.fold = foldEnd ? 0 : s.fold + 1;
            if (foldEnd) {
                n.kx = s.kx == c.kernel() - 1 ? 0 : s.kx + 1;
            }
            if (kxEnd) {
                n.ky = s.ky == c.kernel() - 1 ? 0 : s.ky + 1;
            }
            if (windowEnd) {
                n.left = rowEnd ? -c.padding() : s.left + c.stride();
            }
            if (imageEnd) {
                n.baseSlot = baseNext;
            }
            n.rdTap = tapValid;
            if (tapValid) {
                int slot = (s.topSlot + iy - Math.max(s.top, 0)) % rows;
                BigInteger word = buffer[slot * rowWords + ix * c.folds() + s.fold];
                if (word == null) {
                    throw new IllegalStateException(name + ": read of a buffer word never written (row " + iy
                            + ", column " + ix + ", fold " + s.fold + ")");
                }
                n.rdData = word;
            } else {
                n.rdData = BigInteger.ZERO;
            }
        }
        stage.compute(s.rdValid, s.rdValid ? s.rdData : null, windows.ready());
    }

    @Override
    public void commit() {
        if (writeAddr >= 0) {
            buffer[writeAddr] = writeData;
        }
        State t = s;
        s = next;
        next = t;
        stage.commit();
        drive();
    }

    private void drive() {
        pixels.setReady(s.inReady);
        windows.drive(stage.outValid(), stage.outValid() ? stage.outData() : null);
    }
}
