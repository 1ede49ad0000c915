package socialalign.engine.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/** Vector API kernels over one row of the last dimension: softmax family, RMSNorm, log-sum-exp. */
final class RowKernels {
    private RowKernels() {}

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    static float max(float[] x, int o, int n) {
        int j = 0;
        float m = Float.NEGATIVE_INFINITY;
        if (n >= S.length()) {
            FloatVector acc = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY);
            for (int bound = S.loopBound(n); j < bound; j += S.length()) acc = acc.max(FloatVector.fromArray(S, x, o + j));
            m = acc.reduceLanes(VectorOperators.MAX);
        }
        for (; j < n; j++) m = Math.max(m, x[o + j]);
        return m;
    }

    static float sum(float[] x, int o, int n) {
        int j = 0;
        FloatVector acc = FloatVector.zero(S);
        for (int bound = S.loopBound(n); j < bound; j += S.length()) acc = acc.add(FloatVector.fromArray(S, x, o + j));
        float s = VectorMath.sum(acc);
        for (; j < n; j++) s += x[o + j];
        return s;
    }

    static float dot(float[] x, int xo, float[] y, int yo, int n) {
        int j = 0;
        FloatVector acc = FloatVector.zero(S);
        for (int bound = S.loopBound(n); j < bound; j += S.length()) {
            acc = FloatVector.fromArray(S, x, xo + j).fma(FloatVector.fromArray(S, y, yo + j), acc);
        }
        float s = VectorMath.sum(acc);
        for (; j < n; j++) s += x[xo + j] * y[yo + j];
        return s;
    }

    /** {@code out = exp(x - shift)} and returns its sum. */
    static float expShifted(float[] x, int xo, float shift, float[] out, int oo, int n) {
        int j = 0;
        FloatVector acc = FloatVector.zero(S);
        for (int bound = S.loopBound(n); j < bound; j += S.length()) {
            FloatVector e = VectorMath.exp(FloatVector.fromArray(S, x, xo + j).sub(shift));
            e.intoArray(out, oo + j);
            acc = acc.add(e);
        }
        float s = VectorMath.sum(acc);
        for (; j < n; j++) s += out[oo + j] = VectorMath.exp(x[xo + j] - shift);
        return s;
    }

    /** {@code out = a * x + b}. */
    static void affine(float[] x, int xo, float a, float b, float[] out, int oo, int n) {
        int j = 0;
        for (int bound = S.loopBound(n); j < bound; j += S.length()) {
            FloatVector.fromArray(S, x, xo + j).fma(FloatVector.broadcast(S, a), FloatVector.broadcast(S, b)).intoArray(out, oo + j);
        }
        for (; j < n; j++) out[oo + j] = a * x[xo + j] + b;
    }

    /** log(sum(exp(x))) computed stably; -inf for an all -inf row. */
    static float logSumExp(float[] x, int o, int n) {
        float m = max(x, o, n);
        if (m == Float.NEGATIVE_INFINITY) return m;
        int j = 0;
        FloatVector acc = FloatVector.zero(S);
        for (int bound = S.loopBound(n); j < bound; j += S.length()) {
            acc = acc.add(VectorMath.exp(FloatVector.fromArray(S, x, o + j).sub(m)));
        }
        float sum = VectorMath.sum(acc);
        for (; j < n; j++) sum += VectorMath.exp(x[o + j] - m);
        return m + (float) Math.log(sum);
    }

    static void softmax(float[] x, int xo, float[] out, int oo, int n) {
        float sum = expShifted(x, xo, max(x, xo, n), out, oo, n);
        affine(out, oo, 1f / sum, 0f, out, oo, n);
    }

    /** {@code dx = y * (dy - sum(dy * y))}. */
    static void softmaxBackward(float[] y, float[] dy, float[] dx, int o, int n) {
        float dot = dot(dy, o, y, o, n);
        int j = 0;
        for (int bound = S.loopBound(n); j < bound; j += S.length()) {
            FloatVector yv = FloatVector.fromArray(S, y, o + j);
            yv.mul(FloatVector.fromArray(S, dy, o + j).sub(dot)).intoArray(dx, o + j);
        }
        for (; j < n; j++) dx[o + j] = y[o + j] * (dy[o + j] - dot);
    }

    /** {@code dx = dy - exp(y) * sum(dy)}. */
    static void logSoftmaxBackward(float[] y, float[] dy, float[] dx, int o, int n) {
        float total = sum(dy, o, n);
        int j = 0;
        for (int bound = S.loopBound(n); j < bound; j += S.length()) {
            FloatVector e = VectorMath.exp(FloatVector.fromArray(S, y, o + j));
            e.fma(FloatVector.broadcast(S, -total), FloatVector.fromArray(S, dy, o + j)).intoArray(dx, o + j);
        }
        for (; j < n; j++) dx[o + j] = dy[o + j] - VectorMath.exp(y[o + j]) * total;
    }

    static float inverseRms(float[] x, int o, int n, float eps) {
        return (float) (1 / Math.sqrt(dot(x, o, x, o, n) / n + eps));
    }

    /** {@code out = x * inverseRms * w}. */
    static void rmsNorm(float[] x, int o, float[] w, float eps, float[] out, int n) {
        float inv = inverseRms(x, o, n, eps);
        int j = 0;
        for (int bound = S.loopBound(n); j < bound; j += S.length()) {
            FloatVector.fromArray(S, x, o + j).mul(inv).mul(FloatVector.fromArray(S, w, j)).intoArray(out, o + j);
        }
        for (; j < n; j++) out[o + j] = x[o + j] * inv * w[j];
    }

    /**
     * With xhat = x r (r the inverse RMS): dw += dy * xhat and dx = r (dy w - xhat mean(dy w xhat)).
     * {@code dw} is this thread's partial sum.
     */
    static void rmsNormBackward(float[] x, int o, float[] w, float eps, float[] dy, float[] dx, float[] dw, int n) {
        float r = inverseRms(x, o, n, eps);
        int j = 0;
        FloatVector acc = FloatVector.zero(S);
        for (int bound = S.loopBound(n); j < bound; j += S.length()) {
            FloatVector xhat = FloatVector.fromArray(S, x, o + j).mul(r), g = FloatVector.fromArray(S, dy, o + j);
            g.fma(xhat, FloatVector.fromArray(S, dw, j)).intoArray(dw, j);
            acc = g.mul(FloatVector.fromArray(S, w, j)).fma(xhat, acc);
        }
        float dot = VectorMath.sum(acc);
        for (int t = j; t < n; t++) {
            float xhat = x[o + t] * r;
            dw[t] += dy[o + t] * xhat;
            dot += dy[o + t] * w[t] * xhat;
        }
        float mean = dot / n;
        j = 0;
        for (int bound = S.loopBound(n); j < bound; j += S.length()) {
            FloatVector xhat = FloatVector.fromArray(S, x, o + j).mul(r);
            FloatVector gw = FloatVector.fromArray(S, dy, o + j).mul(FloatVector.fromArray(S, w, j));
            gw.sub(xhat.mul(mean)).mul(r).intoArray(dx, o + j);
        }
        for (; j < n; j++) dx[o + j] = r * (dy[o + j] * w[j] - x[o + j] * r * mean);
    }
}
