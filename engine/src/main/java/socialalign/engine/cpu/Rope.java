package socialalign.engine.cpu;

/** The rotary tables, rounded in float32 step by step as Hugging Face's Qwen2RotaryEmbedding computes them. */
final class Rope {
    private Rope() {}

    /**
     * {@code [cos, sin]}, each {@code [T, D/2]}: angle = position * inv_freq[i], inv_freq[i] = 1 / theta^(2i/D),
     * every intermediate a float32 as in {@code 1.0 / (base ** (arange(0, dim, 2).float() / dim))}.
     */
    static float[][] cosSin(int[] positions, int d, double theta) {
        int half = d / 2;
        float[] invFreq = new float[half];
        for (int i = 0; i < half; i++) {
            float exponent = (float) (2 * i) / d;
            invFreq[i] = 1f / (float) Math.pow(theta, exponent);
        }
        float[] cos = new float[positions.length * half], sin = new float[cos.length];
        for (int t = 0; t < positions.length; t++) {
            for (int i = 0; i < half; i++) {
                float angle = positions[t] * invFreq[i];
                cos[t * half + i] = (float) Math.cos(angle);
                sin[t * half + i] = (float) Math.sin(angle);
            }
        }
        return new float[][] {cos, sin};
    }
}
