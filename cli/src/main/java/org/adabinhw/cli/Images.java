package org.adabinhw.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.adabinhw.golden.io.NdArray;
import org.adabinhw.golden.io.Npy;
import org.adabinhw.golden.ir.Shape;

/** Reads a uint8 (N, C, H, W) image file and checks it against the network's input. */
final class Images {
    private Images() {
    }

    static List<int[]> read(Path file, Shape expected) throws IOException {
        NetworkOptions.requireFile(file);
        NdArray a = Npy.read(file);
        int[] s = a.shape();
        if (!a.dtype().equals("uint8")) {
            throw new Main.UserException(file + ": images must be uint8, got " + a.dtype());
        }
        if (s.length != 4 || s[1] != expected.channels() || s[2] != expected.height() || s[3] != expected.width()) {
            throw new Main.UserException(file + ": images have shape " + Arrays.toString(s) + " but the network in use expects (N, "
                    + expected.channels() + ", " + expected.height() + ", " + expected.width() + ") (--checkpoint or --network "
                    + "chooses another network)");
        }
        if (s[0] == 0) {
            throw new Main.UserException(file + ": holds no images (shape " + Arrays.toString(s) + ")");
        }
        int per = expected.size();
        List<int[]> images = new ArrayList<>(s[0]);
        double[] d = a.data();
        for (int i = 0; i < s[0]; i++) {
            int[] px = new int[per];
            for (int j = 0; j < per; j++) {
                px[j] = (int) d[i * per + j];
            }
            images.add(px);
        }
        return images;
    }
}
