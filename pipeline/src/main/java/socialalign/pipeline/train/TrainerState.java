package socialalign.pipeline.train;

/**
 * {@code trainer_state.json} of a checkpoint: where the run stands and what it was started with, so that
 * {@code --resume} continues the same run (same settings, same data) from step {@code globalStep}.
 *
 * @param dataFingerprint a hash of every example's ids, targets and spans, to refuse resuming on other data
 */
public record TrainerState(int globalStep, int totalSteps, int epoch, int numExamples, String dataFingerprint,
                           String baseModel, TrainConfig config) {
}
