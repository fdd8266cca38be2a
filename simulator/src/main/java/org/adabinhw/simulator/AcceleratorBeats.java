package org.adabinhw.simulator;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * The beats on the two ports of a generated accelerator, as its verification top, its harnesses and the
 * Java simulator carry them: one pixel per input beat, {@code {tlast, logit}} per output beat.
 */
public final class AcceleratorBeats {
    /** The input stream's name in the verification top and in the simulator's beat log. */
    public static final String INPUT = "";
    /** The output stream's name in the verification top and in the simulator's beat log. */
    public static final String OUTPUT = "logits";

    private AcceleratorBeats() {
    }

    /** One pixel per beat, channel c in bits [8c+7:8c], raster order: the input beats of C × H × W images. */
    public static List<BigInteger> pixelBeats(List<int[]> images, int channels) {
        List<BigInteger> beats = new ArrayList<>();
        for (int[] img : images) {
            int pixels = img.length / channels;
            for (int p = 0; p < pixels; p++) {
                BigInteger v = BigInteger.ZERO;
                for (int c = 0; c < channels; c++) {
                    v = v.or(BigInteger.valueOf(img[c * pixels + p]).shiftLeft(8 * c));
                }
                beats.add(v);
            }
        }
        return beats;
    }

    /** The expected output beats: {@code {tlast, logit}} per class of every image. */
    public static List<BigInteger> logitBeats(int[][] logits, int logitWidth) {
        List<BigInteger> beats = new ArrayList<>();
        BigInteger mask = BigInteger.ONE.shiftLeft(logitWidth).subtract(BigInteger.ONE);
        for (int[] l : logits) {
            for (int j = 0; j < l.length; j++) {
                BigInteger v = BigInteger.valueOf(l[j]).and(mask);
                beats.add(j == l.length - 1 ? v.setBit(logitWidth) : v);
            }
        }
        return beats;
    }

    /**
     * The stall pattern of a run of an accelerator, the same for {@code verify} and {@code simulate}: none when the
     * rate is 0, else a seeded random pattern with that rate on the input and on the output, long enough for the
     * run at any rate below 1 (past its end there are no stalls).
     *
     * @param seed           the seed
     * @param rate           probability per cycle that the input withholds a beat and that the output withholds tready
     * @param images         images of the run
     * @param cyclesPerImage the accelerator's cycles per image without stalls
     * @param pixels         pixels per image
     */
    public static StallPattern stalls(long seed, double rate, int images, long cyclesPerImage, int pixels) {
        if (rate == 0) {
            return StallPattern.none(1, 1);
        }
        return StallPattern.random(seed, 1, 1, rate, rate, (int) Math.min(runBound(images, cyclesPerImage, pixels), 50_000_000));
    }

    /** Cycles that a run of {@code images} images takes at most at any stall rate below 1, with a wide margin. */
    public static long runBound(int images, long cyclesPerImage, int pixels) {
        return (images + 2L) * Math.max(cyclesPerImage, pixels) * 4 + 10_000;
    }

    /**
     * Every difference between the expected output beats and those a run produced, by image and class.
     *
     * @param expected   the golden model's beats ({@link #logitBeats})
     * @param beats      the run's output beats
     * @param classes    beats per image
     * @param logitWidth bits of a logit
     * @param ended      why a missing beat never came, for the message ("timed out after … cycles", …)
     * @return one line per difference; empty when every beat matched
     */
    public static List<String> compare(List<BigInteger> expected, List<Beat<BigInteger>> beats, int classes, int logitWidth,
                                       String ended) {
        List<String> mismatches = new ArrayList<>();
        for (int i = 0; i < Math.max(expected.size(), beats.size()); i++) {
            String where = "image " + i / classes + ", class " + i % classes;
            if (i >= beats.size()) {
                mismatches.add(where + ": expected " + describe(expected.get(i), logitWidth) + ", no beat arrived (" + ended + ")");
            } else if (i >= expected.size()) {
                mismatches.add("extra beat " + i + " at cycle " + beats.get(i).cycle() + ": " + describe(beats.get(i).data(),
                        logitWidth));
            } else if (!expected.get(i).equals(beats.get(i).data())) {
                mismatches.add(where + ": expected " + describe(expected.get(i), logitWidth) + ", got "
                        + describe(beats.get(i).data(), logitWidth) + " at cycle " + beats.get(i).cycle());
            }
        }
        return mismatches;
    }

    /** The signed logit of an output beat, with " (tlast)" when its tlast is set. */
    public static String describe(BigInteger beat, int logitWidth) {
        long raw = beat.and(BigInteger.ONE.shiftLeft(logitWidth).subtract(BigInteger.ONE)).longValue();
        long signed = raw >= 1L << (logitWidth - 1) ? raw - (1L << logitWidth) : raw;
        return signed + (beat.testBit(logitWidth) ? " (tlast)" : "");
    }

    /**
     * Per image the latency and the interval of a run, the same way for every tool.
     *
     * @param latency  per complete image, cycles from the cycle its first pixel was accepted to the cycle its last
     *                 logit was accepted, inclusive
     * @param interval per complete image after the first, cycles between its last logit and the previous image's
     */
    public record ImageTimes(long[] latency, long[] interval) {
        /**
         * The times of a run's trace.
         *
         * @param trace   the run (streams {@link AcceleratorBeats#INPUT} and {@link AcceleratorBeats#OUTPUT})
         * @param pixels  input beats per image
         * @param classes output beats per image
         * @param images  images fed
         */
        public static ImageTimes of(RunTrace trace, int pixels, int classes, int images) {
            List<Long> accepts = trace.accepts().getOrDefault(INPUT, List.of());
            List<Beat<BigInteger>> beats = trace.beats().getOrDefault(OUTPUT, List.of());
            int complete = Math.min(images, Math.min(beats.size() / classes, accepts.size() / pixels));
            long[] latency = new long[complete];
            long[] interval = new long[Math.max(0, complete - 1)];
            for (int i = 0; i < complete; i++) {
                long last = beats.get(i * classes + classes - 1).cycle();
                latency[i] = last - accepts.get(i * pixels) + 1;
                if (i > 0) {
                    interval[i - 1] = last - beats.get(i * classes - 1).cycle();
                }
            }
            return new ImageTimes(latency, interval);
        }

        /** The mean interval over the images after the first, or the latency with one image; 0 without images. */
        public double meanInterval() {
            if (interval.length == 0) {
                return latency.length == 0 ? 0 : latency[0];
            }
            long s = 0;
            for (long i : interval) {
                s += i;
            }
            return (double) s / interval.length;
        }
    }
}
