package org.adabinhw.generator.estimate;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.adabinhw.generator.MemoryImage;
import org.adabinhw.generator.RtlDesign;
import org.adabinhw.generator.blocks.BlockConfig;
import org.adabinhw.generator.blocks.Memory;
import org.adabinhw.generator.blocks.MemoryStyle;

/**
 * What one block costs on a family (docs/architecture.md §"Estimates"):
 * <ul>
 * <li>LUT and FF: a linear model in the block's structural {@linkplain BlockConfig#costTerms terms} and the
 *     terms its memories and multipliers add ({@link #terms}), with non-negative coefficients fitted against
 *     Yosys ({@link CalibrationTable});</li>
 * <li>LUTRAM, block RAM: by rule from every memory and its {@linkplain MemoryStyle style}, the same rule that sets
 *     the RTL's {@code ram_style}/{@code rom_style};</li>
 * <li>DSP: by rule from every multiplier ({@link Multipliers});</li>
 * <li>URAM: none (no core asks for it; Yosys 0.23 does not infer it).</li>
 * </ul>
 */
public final class CostModel {
    private CostModel() {
    }

    /**
     * One memory of a block as it maps on a family.
     *
     * @param memory    the memory
     * @param width     the bits of a word synthesis keeps: those that vary between the words of its image (all
     *                  of them when the image is not known, or for a RAM)
     * @param style     its style
     * @param primitive what it maps to: {@code LUT} (logic ROM), {@code FF} (logic RAM), {@code LUTRAM},
     *                  {@code 4 × RAMB36E1}, …
     * @param bram      block RAM units of all its copies
     * @param lutram    LUTs of all its copies as distributed RAM
     * @param fill      bits stored over bits of the block RAM it takes (1 for the others)
     */
    public record MemoryUse(Memory memory, int width, MemoryStyle style, String primitive, long bram, long lutram, double fill) {
    }

    /**
     * The cost of one block.
     *
     * @param resources what it needs
     * @param memories  its memories
     * @param terms     the terms of its LUT and FF model
     */
    public record BlockCost(Resources resources, List<MemoryUse> memories, Map<String, Double> terms) {
    }

    /** The memories of a block as they map on a family, every bit of every word counted. */
    public static List<MemoryUse> memories(BlockConfig c, Family f) {
        return memories(c, f, image -> null);
    }

    /**
     * The memories of a block as they map on a family.
     *
     * @param images the text of the block's memory image of a suffix ({@link Memory#image}), or null when unknown
     */
    public static List<MemoryUse> memories(BlockConfig c, Family f, Function<String, String> images) {
        List<MemoryUse> l = new ArrayList<>();
        for (Memory m : c.memories()) {
            MemoryStyle s = c.style(m, f);
            String text = m.image() == null ? null : images.apply(m.image());
            int w = text == null ? m.width() : MemoryImage.varyingBits(text, m.width());
            if (w == 0) {
                l.add(new MemoryUse(m, 0, s, "constant", 0, 0, 1));
                continue;
            }
            l.add(switch (s) {
                case BLOCK -> {
                    long units = MemoryStyle.bramUnits(w, m.depth(), f, m.rom());
                    yield new MemoryUse(m, w, s, MemoryStyle.primitive(w, m.depth(), f, m.rom()), units * m.copies(), 0,
                            (double) w * m.depth() / ((double) units * MemoryStyle.unitBits(f)));
                }
                case DISTRIBUTED -> new MemoryUse(m, w, s, "LUTRAM", 0, m.copies() * MemoryStyle.lutramLuts(w, m.depth()), 1);
                case LOGIC -> new MemoryUse(m, w, s, m.rom() ? "LUT" : "FF", 0, 0, 1);
            });
        }
        return l;
    }

    /** The text of a stage's memory images by suffix: {@code <top>_<suffix>.memh} of its design. */
    public static Function<String, String> images(RtlDesign design) {
        return suffix -> {
            String p = design.top() + "_" + suffix + ".memh";
            return design.files().paths().contains(p) ? design.files().content(p) : null;
        };
    }

    /**
     * The terms of a block's LUT and FF model on a family: its structural terms, then {@code rom_logic} (LUTs of
     * its ROMs in logic, {@code ⌈depth/64⌉} (LUT6) or {@code ⌈depth/16⌉} (LUT4) per bit), {@code rom_bits} (their bits
     * that vary between words: the register a ROM is read into keeps only those), {@code rom_address} (their
     * bits times their address bits: a shallow ROM is cheaper than one LUT per bit), {@code ram_logic}
     * (bits of its RAMs in flip-flops), {@code lutram} (LUTs of its distributed RAM), {@code bram} (its block RAM
     * units), {@code bram_deep} (bits of its block RAMs times their banks beyond the first),
     * {@code dsp} (its DSPs) and {@code mul_lut} (bits {@code a·b} of its multipliers left in LUTs).
     */
    public static Map<String, Double> terms(BlockConfig c, Family f) {
        return terms(c, f, image -> null);
    }

    /** The terms of a block's LUT and FF model, with its memory images ({@link #memories(BlockConfig, Family, Function)}). */
    public static Map<String, Double> terms(BlockConfig c, Family f, Function<String, String> images) {
        Map<String, Double> t = new LinkedHashMap<>(c.costTerms(images));
        double romLogic = 0;
        double romBits = 0;
        double romAddress = 0;
        double ramLogic = 0;
        double lutram = 0;
        double bram = 0;
        double bramDeep = 0;
        // Logic ROMs of one depth and copy count are read at one address: their images' distinct columns count once.
        Map<List<Integer>, List<MemoryUse>> romGroups = new LinkedHashMap<>();
        for (MemoryUse u : memories(c, f, images)) {
            Memory m = u.memory();
            if (u.style() == MemoryStyle.LOGIC) {
                if (m.rom()) {
                    romGroups.computeIfAbsent(List.of(m.depth(), m.copies()), k -> new ArrayList<>()).add(u);
                } else {
                    ramLogic += (double) m.copies() * u.width() * m.depth();
                }
            }
            lutram += u.lutram();
            bram += u.bram();
            if (u.bram() > 0) {
                // Banks of a memory deeper than one primitive: their read data pass a multiplexer.
                bramDeep += (double) m.copies() * u.width() * (MemoryStyle.bramBanks(u.width(), m.depth(), f, m.rom()) - 1);
            }
        }
        for (List<MemoryUse> group : romGroups.values()) {
            Memory first = group.get(0).memory();
            double width = romColumns(group, images);
            romLogic += (double) first.copies() * MemoryStyle.logicLuts((int) width, first.depth(), f);
            romBits += (double) first.copies() * width;
            romAddress += (double) first.copies() * width * BlockConfig.log2(first.depth());
        }
        double dsp = 0;
        double mulLut = 0;
        for (BlockConfig.Multiplier x : c.multipliers()) {
            int d = Multipliers.dsp(x, f);
            dsp += (double) d * x.count();
            if (d == 0) {
                mulLut += (double) x.a() * x.b() * x.count();
            }
        }
        t.put("rom_logic", romLogic);
        t.put("rom_bits", romBits);
        t.put("rom_address", romAddress);
        t.put("ram_logic", ramLogic);
        t.put("lutram", lutram);
        t.put("bram", bram);
        t.put("bram_deep", bramDeep);
        t.put("dsp", dsp);
        t.put("mul_lut", mulLut);
        return t;
    }

    /**
     * The bits a group of logic ROMs read at one address keeps: with every image known, their distinct varying
     * columns ({@link MemoryImage#distinctVaryingColumns}); otherwise the sum of their (varying) widths.
     */
    private static double romColumns(List<MemoryUse> group, Function<String, String> images) {
        List<String> texts = new ArrayList<>();
        List<Integer> widths = new ArrayList<>();
        for (MemoryUse u : group) {
            String text = u.memory().image() == null ? null : images.apply(u.memory().image());
            if (text == null) {
                return group.stream().mapToInt(MemoryUse::width).sum();
            }
            texts.add(text);
            widths.add(u.memory().width());
        }
        return MemoryImage.distinctVaryingColumns(texts, widths);
    }

    /** DSPs of a block on a family. */
    public static long dsp(BlockConfig c, Family f) {
        long d = 0;
        for (BlockConfig.Multiplier x : c.multipliers()) {
            d += (long) Multipliers.dsp(x, f) * x.count();
        }
        return d;
    }

    /** The cost of a block on a family, with the committed calibration of the family, its memory images unknown. */
    public static BlockCost cost(BlockConfig c, Family f) {
        return cost(c, f, CalibrationTable.of(f), image -> null);
    }

    /**
     * The cost of a block with a given calibration and its memory images (constant bit lanes of a ROM are not
     * stored, as synthesis removes them).
     *
     * @throws IllegalStateException when the calibration has no coefficients for the block
     */
    public static BlockCost cost(BlockConfig c, Family f, CalibrationTable table, Function<String, String> images) {
        Map<String, Map<String, Double>> coef = table.blocks().get(c.block());
        if (coef == null) {
            throw new IllegalStateException("the " + f.id() + " calibration has no model of " + c.block()
                    + " (run ./adabin-hw calibrate --family " + f.id() + ")");
        }
        Map<String, Double> t = terms(c, f, images);
        List<MemoryUse> mems = memories(c, f, images);
        long lutram = 0;
        long bram = 0;
        for (MemoryUse u : mems) {
            lutram += u.lutram();
            bram += u.bram();
        }
        return new BlockCost(new Resources(Math.round(apply(coef.get("lut"), t)), Math.round(apply(coef.get("ff"), t)),
                lutram, bram, 0, dsp(c, f)), mems, t);
    }

    /** {@code Σ coefficient · term} over the terms. */
    static double apply(Map<String, Double> coef, Map<String, Double> terms) {
        double s = 0;
        for (Map.Entry<String, Double> e : terms.entrySet()) {
            s += coef.getOrDefault(e.getKey(), 0.0) * e.getValue();
        }
        return s;
    }

    /**
     * Fits the LUT and FF coefficients of one block from synthesised samples: non-negative, minimising the
     * relative error.
     *
     * @param terms    each sample's terms ({@link #terms}), all with the same keys
     * @param measured each sample's synthesised resources
     * @return per resource ({@code lut}, {@code ff}) the coefficient of every term
     */
    public static Map<String, Map<String, Double>> fit(List<Map<String, Double>> terms, List<Resources> measured) {
        List<String> names = new ArrayList<>(terms.get(0).keySet());
        double[][] a = new double[terms.size()][names.size()];
        for (int i = 0; i < terms.size(); i++) {
            for (int j = 0; j < names.size(); j++) {
                a[i][j] = terms.get(i).getOrDefault(names.get(j), 0.0);
            }
        }
        Map<String, Map<String, Double>> out = new LinkedHashMap<>();
        for (String r : CalibrationTable.FITTED) {
            double[] y = new double[terms.size()];
            double[] w = new double[terms.size()];
            for (int i = 0; i < y.length; i++) {
                y[i] = measured.get(i).get(r);
                w[i] = 1.0 / Math.max(y[i], 20);
            }
            double[] x = Nnls.solve(a, y, w);
            Map<String, Double> c = new LinkedHashMap<>();
            for (int j = 0; j < names.size(); j++) {
                c.put(names.get(j), x[j]);
            }
            out.put(r, c);
        }
        return out;
    }

    /**
     * Gives the terms that are 0 in every fit sample of a block (a memory style or multiplier its fit set never
     * had) the median coefficient of the blocks whose fit did see them, so that a configuration outside the fit
     * set is not costed at 0 for them. The memory and multiplier terms mean the same in every block.
     *
     * @param coef  per block, per resource, the fitted coefficients (changed in place)
     * @param terms per block, the terms of its fit samples
     */
    public static void borrowUnseenTerms(Map<String, Map<String, Map<String, Double>>> coef, Map<String, List<Map<String, Double>>> terms) {
        List<String> shared = List.of("rom_logic", "rom_bits", "rom_address", "ram_logic", "lutram", "bram", "bram_deep", "dsp", "mul_lut");
        for (String r : CalibrationTable.FITTED) {
            for (String term : shared) {
                List<Double> seen = new ArrayList<>();
                for (String b : coef.keySet()) {
                    if (terms.get(b).stream().anyMatch(t -> t.getOrDefault(term, 0.0) != 0)) {
                        seen.add(coef.get(b).get(r).getOrDefault(term, 0.0));
                    }
                }
                if (seen.isEmpty()) {
                    continue;
                }
                seen.sort(null);
                double median = seen.get(seen.size() / 2);
                for (String b : coef.keySet()) {
                    if (terms.get(b).stream().allMatch(t -> t.getOrDefault(term, 0.0) == 0)) {
                        coef.get(b).get(r).put(term, median);
                    }
                }
            }
        }
    }
}
