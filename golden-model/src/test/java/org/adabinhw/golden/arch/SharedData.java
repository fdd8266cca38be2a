package org.adabinhw.golden.arch;

import static org.junit.jupiter.api.Assumptions.abort;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.adabinhw.golden.io.NdArray;
import org.adabinhw.golden.io.Npy;

/** Locates the read-only {@code shared/} folder beside the project; tests that need it skip without it. */
final class SharedData {
    private SharedData() {
    }

    /** {@code shared/<relative>}, or a skipped test when it is absent. */
    static Path path(String relative) {
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            Path p = d.resolve("shared").resolve(relative);
            if (Files.exists(p)) {
                return p;
            }
        }
        return abort("shared reference data 'shared/" + relative
                + "' not found beside the project: skipping (CI lays it at ../shared)");
    }

    /** The images of an (N, C, H, W) uint8 file as one int array each. */
    static List<int[]> images(Path npy) throws IOException {
        NdArray a = Npy.read(npy);
        int n = a.shape()[0];
        int per = a.size() / n;
        List<int[]> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int[] px = new int[per];
            for (int j = 0; j < per; j++) {
                px[j] = (int) a.data()[i * per + j];
            }
            out.add(px);
        }
        return out;
    }
}
