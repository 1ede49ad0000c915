package socialalign.pipeline.train;

import socialalign.lora.LoraConfig;

/**
 * The SFT hyper-parameters, defaults from the reference's code (spec C5). The batch is one sequence; the effective
 * batch is {@code gradientAccumulation} sequences, whose loss is the token-level mean over all their targets.
 *
 * @param saveSteps       a checkpoint every this many optimizer steps (and at each epoch end)
 * @param keepCheckpoints how many of the latest checkpoints to keep
 * @param seed            adapter initialisation, data order and dropout all derive from it
 */
public record TrainConfig(double learningRate, double weightDecay, double warmupRatio, double maxGradNorm,
                          int gradientAccumulation, int epochs, int maxLength, int saveSteps, int keepCheckpoints,
                          long seed, LoraConfig adapter) {

    public TrainConfig {
        if (!(learningRate > 0)) throw new IllegalArgumentException("learning rate: must be positive, got " + learningRate);
        if (!(weightDecay >= 0)) throw new IllegalArgumentException("weight decay: must be >= 0, got " + weightDecay);
        if (!(warmupRatio >= 0 && warmupRatio < 1)) throw new IllegalArgumentException("warmup ratio: must be in [0, 1), got " + warmupRatio);
        if (!(maxGradNorm > 0)) throw new IllegalArgumentException("max grad norm: must be positive, got " + maxGradNorm);
        if (gradientAccumulation < 1) throw new IllegalArgumentException("gradient accumulation: must be >= 1, got " + gradientAccumulation);
        if (epochs < 1) throw new IllegalArgumentException("epochs: must be >= 1, got " + epochs);
        if (maxLength < 8) throw new IllegalArgumentException("max length: must be >= 8, got " + maxLength);
        if (saveSteps < 1) throw new IllegalArgumentException("save steps: must be >= 1, got " + saveSteps);
        if (keepCheckpoints < 1) throw new IllegalArgumentException("keep checkpoints: must be >= 1, got " + keepCheckpoints);
    }

    /** The paper's settings: lr 2e-5 for PAC-LoRA, 5e-6 for plain LoRA, wd 0.01, warmup 10%, clip 1, 16 x 1, 2 epochs, 1024 tokens. */
    public static TrainConfig defaults(LoraConfig adapter) {
        return new TrainConfig(adapter.pac() ? 2e-5 : 5e-6, 0.01, 0.1, 1.0, 16, 2, 1024, 100, 2, 42, adapter);
    }
}
