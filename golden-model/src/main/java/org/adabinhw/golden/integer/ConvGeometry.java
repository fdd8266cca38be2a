package org.adabinhw.golden.integer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.adabinhw.golden.ir.Shape;

/**
 * The window geometry of a convolution and its border classes. An output position's border class says
 * which kernel taps fall inside the image; all positions of one class share the same valid-tap mask, so
 * per-class constants (the window's tap count, the weights' sum over valid taps, the stem's padding
 * correction) can be tabulated instead of computed. Row and column classes are numbered in order of first
 * appearance; the class of position (oy, ox) is {@code rowClass[oy] * colClasses + colClass[ox]}. A 3×3,
 * pad-1, stride-1 convolution has 9 classes (4 corners, 4 edges, interior).
 */
public final class ConvGeometry {
    private final Shape in;
    private final Shape out;
    private final int kernelH;
    private final int kernelW;
    private final int stride;
    private final int padding;
    private final List<int[]> rowRanges = new ArrayList<>();
    private final List<int[]> colRanges = new ArrayList<>();
    private final int[] rowClass;
    private final int[] colClass;

    /**
     * @param in      input shape
     * @param out     output shape
     * @param kernelH kernel rows
     * @param kernelW kernel columns
     * @param stride  stride
     * @param padding zero padding on every side
     */
    public ConvGeometry(Shape in, Shape out, int kernelH, int kernelW, int stride, int padding) {
        this.in = in;
        this.out = out;
        this.kernelH = kernelH;
        this.kernelW = kernelW;
        this.stride = stride;
        this.padding = padding;
        this.rowClass = classify(out.height(), in.height(), kernelH, rowRanges);
        this.colClass = classify(out.width(), in.width(), kernelW, colRanges);
    }

    private int[] classify(int outSize, int inSize, int k, List<int[]> distinct) {
        int[] cls = new int[outSize];
        for (int o = 0; o < outSize; o++) {
            int start = o * stride - padding;
            int lo = Math.min(k, Math.max(0, -start));
            // A window entirely in the padding (padding ≥ kernel) has an empty range, not a negative one.
            int[] range = {lo, Math.max(lo, Math.min(k, inSize - start))};
            int id = 0;
            while (id < distinct.size() && !Arrays.equals(distinct.get(id), range)) {
                id++;
            }
            if (id == distinct.size()) {
                distinct.add(range);
            }
            cls[o] = id;
        }
        return cls;
    }

    public Shape in() {
        return in;
    }

    public Shape out() {
        return out;
    }

    public int kernelH() {
        return kernelH;
    }

    public int kernelW() {
        return kernelW;
    }

    public int stride() {
        return stride;
    }

    public int padding() {
        return padding;
    }

    /** Number of border classes. */
    public int classes() {
        return rowRanges.size() * colRanges.size();
    }

    /** The border class of output position (oy, ox). */
    public int classOf(int oy, int ox) {
        return rowClass[oy] * colRanges.size() + colClass[ox];
    }

    /** The valid-tap mask of a border class: {@code mask[ky * kernelW + kx]}. */
    public boolean[] validTaps(int cls) {
        int[] r = rowRanges.get(cls / colRanges.size());
        int[] c = colRanges.get(cls % colRanges.size());
        boolean[] m = new boolean[kernelH * kernelW];
        for (int ky = r[0]; ky < r[1]; ky++) {
            for (int kx = c[0]; kx < c[1]; kx++) {
                m[ky * kernelW + kx] = true;
            }
        }
        return m;
    }

    /** Number of valid taps per input channel of a border class. */
    public int validCount(int cls) {
        int[] r = rowRanges.get(cls / colRanges.size());
        int[] c = colRanges.get(cls % colRanges.size());
        return (r[1] - r[0]) * (c[1] - c[0]);
    }
}
