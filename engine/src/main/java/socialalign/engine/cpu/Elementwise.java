package socialalign.engine.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Element-wise Vector API kernels over ranges of flat arrays. Each loop runs whole vectors, then a
 * scalar tail that computes the same formula.
 */
final class Elementwise {
    private Elementwise() {}

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final float INV_SQRT2 = (float) (1 / Math.sqrt(2));
    private static final float INV_SQRT_2PI = (float) (1 / Math.sqrt(2 * Math.PI));

    enum Binary {
        ADD, SUB, MUL, DIV;

        float apply(float x, float y) {
            return switch (this) {
                case ADD -> x + y;
                case SUB -> x - y;
                case MUL -> x * y;
                case DIV -> x / y;
            };
        }
    }

    /**
     * {@code out[o + i] = x[xo + i] op y[yo + i]} for {@code 0 <= i < n}. One loop per operator: the Vector API
     * compiles {@code lanewise} to one instruction only when its operator is a constant.
     */
    static void binary(Binary op, float[] x, int xo, float[] y, int yo, float[] out, int o, int n) {
        int i = 0, bound = S.loopBound(n);
        switch (op) {
            case ADD -> { for (; i < bound; i += S.length()) FloatVector.fromArray(S, x, xo + i).add(FloatVector.fromArray(S, y, yo + i)).intoArray(out, o + i); }
            case SUB -> { for (; i < bound; i += S.length()) FloatVector.fromArray(S, x, xo + i).sub(FloatVector.fromArray(S, y, yo + i)).intoArray(out, o + i); }
            case MUL -> { for (; i < bound; i += S.length()) FloatVector.fromArray(S, x, xo + i).mul(FloatVector.fromArray(S, y, yo + i)).intoArray(out, o + i); }
            case DIV -> { for (; i < bound; i += S.length()) FloatVector.fromArray(S, x, xo + i).div(FloatVector.fromArray(S, y, yo + i)).intoArray(out, o + i); }
        }
        for (; i < n; i++) out[o + i] = op.apply(x[xo + i], y[yo + i]);
    }

    enum Unary { SCALE, EXP, LOG, SILU, GELU }

    /**
     * {@code out[i] = f(x[i])} on {@code [from, to)}; {@code s} is the factor of SCALE. One loop per function:
     * a switch inside the vector loop keeps the JIT from compiling each body as tightly.
     */
    static void unary(Unary f, float s, float[] x, float[] out, int from, int to) {
        int i = from, bound = from + S.loopBound(to - from);
        switch (f) {
            case SCALE -> { for (; i < bound; i += S.length()) FloatVector.fromArray(S, x, i).mul(s).intoArray(out, i); }
            case EXP -> { for (; i < bound; i += S.length()) VectorMath.exp(FloatVector.fromArray(S, x, i)).intoArray(out, i); }
            case LOG -> { } // scalar below: Math.log gives the same bits in every tier, the vector LOG does not
            case SILU -> {
                for (; i < bound; i += S.length()) {
                    FloatVector v = FloatVector.fromArray(S, x, i);
                    v.div(VectorMath.exp(v.neg()).add(1f)).intoArray(out, i);
                }
            }
            case GELU -> {
                for (; i < bound; i += S.length()) {
                    FloatVector v = FloatVector.fromArray(S, x, i);
                    v.mul(0.5f).mul(erfc(v.mul(-INV_SQRT2))).intoArray(out, i);
                }
            }
        }
        for (; i < to; i++) {
            float v = x[i];
            out[i] = switch (f) {
                case SCALE -> v * s;
                case EXP -> VectorMath.exp(v);
                case LOG -> (float) Math.log(v);
                case SILU -> v / (1f + VectorMath.exp(-v));
                case GELU -> 0.5f * v * erfc(-v * INV_SQRT2);
            };
        }
    }

    enum Derivative { SILU, GELU }

    /** {@code out[i] = dy[i] * f'(x[i])} on {@code [from, to)}. */
    static void backward(Derivative f, float[] x, float[] dy, float[] out, int from, int to) {
        int i = from;
        for (int bound = from + S.loopBound(to - from); i < bound; i += S.length()) {
            FloatVector v = FloatVector.fromArray(S, x, i), g = FloatVector.fromArray(S, dy, i);
            FloatVector d = switch (f) {
                case SILU -> {
                    FloatVector sig = FloatVector.broadcast(S, 1f).div(VectorMath.exp(v.neg()).add(1f));
                    yield sig.mul(v.mul(sig.neg().add(1f)).add(1f));
                }
                case GELU -> erfc(v.mul(-INV_SQRT2)).mul(0.5f)
                        .add(v.mul(INV_SQRT_2PI).mul(VectorMath.exp(v.mul(v).mul(-0.5f))));
            };
            g.mul(d).intoArray(out, i);
        }
        for (; i < to; i++) {
            float v = x[i];
            float d = switch (f) {
                case SILU -> {
                    float sig = 1f / (1f + VectorMath.exp(-v));
                    yield sig * (1f + v * (1f - sig));
                }
                case GELU -> 0.5f * erfc(-v * INV_SQRT2) + v * INV_SQRT_2PI * VectorMath.exp(-0.5f * v * v);
            };
            out[i] = dy[i] * d;
        }
    }

    // erfc(x) with fractional error below 1.2e-7 everywhere (Numerical Recipes' erfcc, a Chebyshev fit),
    // so both tails of GELU keep full float precision.
    private static final float[] ERFC = {-1.26551223f, 1.00002368f, 0.37409196f, 0.09678418f, -0.18628806f,
            0.27886807f, -1.13520398f, 1.48851587f, -0.82215223f, 0.17087277f};

    static float erfc(float x) {
        float z = Math.abs(x), t = 1f / (1f + 0.5f * z);
        float poly = ERFC[9];
        for (int c = 8; c >= 0; c--) poly = ERFC[c] + t * poly;
        float r = t * VectorMath.exp(-z * z + poly);
        return x >= 0 ? r : 2f - r;
    }

    private static FloatVector erfc(FloatVector x) {
        FloatVector z = x.abs(), t = FloatVector.broadcast(S, 1f).div(z.mul(0.5f).add(1f));
        FloatVector poly = FloatVector.broadcast(S, ERFC[9]);
        for (int c = 8; c >= 0; c--) poly = poly.fma(t, FloatVector.broadcast(S, ERFC[c]));
        FloatVector r = t.mul(VectorMath.exp(z.mul(z).neg().add(poly)));
        return r.blend(FloatVector.broadcast(S, 2f).sub(r), x.compare(VectorOperators.LT, 0f));
    }

    /** {@code sum x[i]^2} on {@code [from, to)}, vector partial sums folded into a double every block. */
    static double sumOfSquares(float[] x, int from, int to) {
        double total = 0;
        int block = 64 * S.length();
        int i = from;
        for (int bound = from + S.loopBound(to - from); i < bound; ) {
            FloatVector acc = FloatVector.zero(S);
            for (int end = Math.min(bound, i + block); i < end; i += S.length()) {
                FloatVector v = FloatVector.fromArray(S, x, i);
                acc = v.fma(v, acc);
            }
            total += VectorMath.sum(acc);
        }
        for (; i < to; i++) total += (double) x[i] * x[i];
        return total;
    }

    /** {@code y[yo + i] += alpha * x[xo + i]} for {@code 0 <= i < n}. */
    static void axpy(float alpha, float[] x, int xo, float[] y, int yo, int n) {
        FloatVector a = FloatVector.broadcast(S, alpha);
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += S.length()) {
            FloatVector.fromArray(S, x, xo + i).fma(a, FloatVector.fromArray(S, y, yo + i)).intoArray(y, yo + i);
        }
        for (; i < n; i++) y[yo + i] += alpha * x[xo + i];
    }
}
