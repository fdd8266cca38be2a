package org.adabinhw.generator.estimate;

/**
 * Non-negative least squares by cyclic coordinate descent on the normal equations: the fit of a cost model's
 * coefficients, which are costs per unit of a structural term and so never negative.
 */
final class Nnls {
    private static final int SWEEPS = 20_000;

    private Nnls() {
    }

    /**
     * The {@code x ≥ 0} that minimises {@code Σ_i w_i² (Σ_j a_ij x_j − y_i)²}.
     *
     * @param a rows of terms, one per sample
     * @param y the measured values
     * @param w the weights of the samples (1/y for relative errors)
     */
    static double[] solve(double[][] a, double[] y, double[] w) {
        int n = a.length;
        int m = a[0].length;
        double[][] g = new double[m][m];
        double[] b = new double[m];
        for (int i = 0; i < n; i++) {
            double wi = w[i] * w[i];
            for (int j = 0; j < m; j++) {
                b[j] += wi * a[i][j] * y[i];
                for (int k = 0; k < m; k++) {
                    g[j][k] += wi * a[i][j] * a[i][k];
                }
            }
        }
        double[] x = new double[m];
        for (int s = 0; s < SWEEPS; s++) {
            double change = 0;
            for (int j = 0; j < m; j++) {
                if (g[j][j] <= 0) {
                    continue;
                }
                double r = b[j];
                for (int k = 0; k < m; k++) {
                    if (k != j) {
                        r -= g[j][k] * x[k];
                    }
                }
                double v = Math.max(0, r / g[j][j]);
                change = Math.max(change, Math.abs(v - x[j]) * Math.sqrt(g[j][j]));
                x[j] = v;
            }
            if (change < 1e-12) {
                break;
            }
        }
        return x;
    }
}
