package org.adabinhw.golden.arch;

import java.util.Arrays;
import java.util.stream.Collectors;

/** The official AdaBin network structures that can be imported from PyTorch checkpoints. */
public enum Architecture {
    /** CIFAR-10 ResNet-20: 3 stages of 3 blocks, 16/32/64 channels, option-A shortcuts. */
    RESNET20("resnet20", new int[] {3, 3, 3}, false),
    /** CIFAR-10 ResNet-18: 4 stages of 2 blocks, 64…512 channels, 1×1 conv + BN shortcuts. */
    RESNET18_CIFAR("resnet18-cifar", new int[] {2, 2, 2, 2}, false),
    /** ImageNet ResNet-18: 7×7 stem, max pool, [2,2,2,2] blocks, avg-pool + 1×1 conv + BN shortcuts. */
    RESNET18_IMAGENET("resnet18-imagenet", new int[] {2, 2, 2, 2}, true),
    /** ImageNet ResNet-34: as ResNet-18 with [3,4,6,3] blocks. */
    RESNET34_IMAGENET("resnet34-imagenet", new int[] {3, 4, 6, 3}, true);

    private final String cliName;
    private final int[] blocks;
    private final boolean imagenet;

    Architecture(String cliName, int[] blocks, boolean imagenet) {
        this.cliName = cliName;
        this.blocks = blocks;
        this.imagenet = imagenet;
    }

    /** The name used on the command line, e.g. {@code resnet18-cifar}. */
    public String cliName() {
        return cliName;
    }

    /** Basic blocks per stage. */
    public int[] blocks() {
        return blocks.clone();
    }

    /** Whether this is an ImageNet structure (224×224 input, 7×7 stem). */
    public boolean imagenet() {
        return imagenet;
    }

    /** The architecture of that command-line name; the error lists the valid names. */
    public static Architecture byName(String name) {
        for (Architecture a : values()) {
            if (a.cliName.equals(name)) {
                return a;
            }
        }
        throw new IllegalArgumentException("unknown architecture '" + name + "'; valid: " + names());
    }

    /** The valid names, comma-separated. */
    public static String names() {
        return Arrays.stream(values()).map(Architecture::cliName).collect(Collectors.joining(", "));
    }
}
