package socialalign.pipeline.sentiment;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import socialalign.autograd.F;
import socialalign.autograd.Variable;
import socialalign.autograd.optim.AdamW;
import socialalign.autograd.optim.GradClip;
import socialalign.autograd.optim.LrSchedule;
import socialalign.engine.Backend;
import socialalign.pipeline.metrics.Classification;

/**
 * Trains an {@link EmotionClassifier} with our engine: mean cross-entropy, AdamW with linear warm-up and cosine decay,
 * global gradient clipping, feature dropout; the epoch with the best validation macro-F1 is kept, then the prior
 * correction's tau is chosen on the same validation set. Everything random draws from one seeded stream, so a seed
 * and a thread count give the same model.
 */
public final class EmotionTrainer {

    /** Hyper-parameters; {@link #defaults()} are those of the bundled model. */
    public record Config(long seed, int epochs, int batchSize, double learningRate, double weightDecay, double warmupRatio,
                         int maxN, int minDocs, int dim, int hidden, double featureDropout) {
        public static Config defaults() {
            return new Config(20200101L, 8, 32, 5e-3, 1e-4, 0.05, 3, 3, 32, 64, 0.3);
        }

        public Config withSeed(long s) {
            return new Config(s, epochs, batchSize, learningRate, weightDecay, warmupRatio, maxN, minDocs, dim, hidden, featureDropout);
        }

        public Config withEpochs(int e) {
            return new Config(seed, e, batchSize, learningRate, weightDecay, warmupRatio, maxN, minDocs, dim, hidden, featureDropout);
        }
    }

    /** The candidate strengths of the prior correction. */
    static final double[] TAUS = {0, 0.25, 0.5, 0.75, 1.0, 1.25, 1.5};

    private final Config config;
    private final Backend backend;
    private final PrintStream log;

    public EmotionTrainer(Config config, Backend backend, PrintStream log) {
        this.config = config;
        this.backend = backend;
        this.log = log;
    }

    public EmotionClassifier train(List<LabelledText> train, List<LabelledText> validation) {
        if (train.isEmpty() || validation.isEmpty()) throw new IllegalArgumentException("training and validation sets must not be empty");
        var random = new SplittableRandom(config.seed());
        var features = new TextFeatures(config.maxN());
        Vocabulary vocabulary = Vocabulary.build(train.stream().map(LabelledText::text).toList(), features, config.minDocs());
        log.printf("vocabulary: %d features (char 1..%d-grams and emoticons in at least %d training posts)%n",
                vocabulary.size(), config.maxN(), config.minDocs());
        EmotionNet net = EmotionNet.init(backend, random, vocabulary.size(), config.dim(), config.hidden());
        var classifier = new EmotionClassifier(features, vocabulary, net, new double[Emotion.values().length], Polarity.NEUTRAL);

        List<int[]> bags = train.stream().map(t -> classifier.bag(t.text())).toList();
        List<int[]> validationBags = validation.stream().map(t -> classifier.bag(t.text())).toList();
        List<Emotion> validationGold = validation.stream().map(LabelledText::emotion).toList();

        List<Variable> params = List.copyOf(net.parameters().values());
        var optimizer = new AdamW(params, config.learningRate(), config.weightDecay());
        int stepsPerEpoch = (train.size() + config.batchSize() - 1) / config.batchSize();
        int totalSteps = stepsPerEpoch * config.epochs();
        LrSchedule schedule = LrSchedule.warmupCosine(config.learningRate(), LrSchedule.warmupSteps(totalSteps, config.warmupRatio()), totalSteps);

        double bestF1 = -1;
        int bestEpoch = 0;
        Map<String, float[]> best = snapshot(net);
        int step = 0;
        int[] order = new int[train.size()];
        for (int i = 0; i < order.length; i++) order[i] = i;
        for (int epoch = 1; epoch <= config.epochs(); epoch++) {
            long start = System.nanoTime();
            shuffle(order, random);
            double lossSum = 0;
            for (int from = 0; from < order.length; from += config.batchSize()) {
                int to = Math.min(order.length, from + config.batchSize());
                List<int[]> batch = new ArrayList<>(to - from);
                int[] targets = new int[to - from];
                for (int i = from; i < to; i++) {
                    batch.add(dropout(bags.get(order[i]), random));
                    targets[i - from] = train.get(order[i]).emotion().ordinal();
                }
                optimizer.setLearningRate(schedule.lr(step++));
                optimizer.zeroGrad();
                Variable loss = F.crossEntropy(net.forward(batch), targets);
                loss.backward();
                GradClip.clipGlobalNorm(params, 1.0);
                optimizer.step();
                lossSum += loss.value().item() * (to - from);
            }
            List<Emotion> predicted = classifier.predictBags(validationBags).stream().map(EmotionClassifier.Prediction::emotion).toList();
            double f1 = Classification.macroF1(validationGold, predicted);
            log.printf("epoch %d/%d: train loss %.4f, validation accuracy %.4f, macro-F1 %.4f (%.1f s)%n", epoch, config.epochs(),
                    lossSum / order.length, Classification.accuracy(validationGold, predicted), f1, (System.nanoTime() - start) / 1e9);
            if (f1 > bestF1) {
                bestF1 = f1;
                bestEpoch = epoch;
                best = snapshot(net);
            }
        }
        restore(net, best);
        log.printf("kept epoch %d (validation macro-F1 %.4f)%n", bestEpoch, bestF1);
        return fitPriorCorrection(classifier, train, validationBags, validationGold);
    }

    /** Chooses tau of {@code adjustment = -tau log(prior)} for the best validation macro-F1 (the first on ties). */
    EmotionClassifier fitPriorCorrection(EmotionClassifier classifier, List<LabelledText> train, List<int[]> bags, List<Emotion> gold) {
        double[] logPrior = new double[Emotion.values().length];
        for (LabelledText t : train) logPrior[t.emotion().ordinal()]++;
        for (int c = 0; c < logPrior.length; c++) logPrior[c] = Math.log((logPrior[c] + 1) / (train.size() + logPrior.length));
        EmotionClassifier best = classifier;
        double bestF1 = -1, bestTau = 0;
        for (double tau : TAUS) {
            double[] adjustment = new double[logPrior.length];
            for (int c = 0; c < adjustment.length; c++) adjustment[c] = -tau * logPrior[c];
            EmotionClassifier candidate = classifier.withAdjustment(adjustment);
            double f1 = Classification.macroF1(gold, candidate.predictBags(bags).stream().map(EmotionClassifier.Prediction::emotion).toList());
            if (f1 > bestF1) {
                bestF1 = f1;
                bestTau = tau;
                best = candidate;
            }
        }
        log.printf("prior correction: tau %.2f (validation macro-F1 %.4f)%n", bestTau, bestF1);
        return best;
    }

    /** Each feature is dropped with probability {@code featureDropout}; at least one survives. */
    private int[] dropout(int[] bag, SplittableRandom random) {
        if (config.featureDropout() <= 0 || bag.length <= 1) return bag;
        int[] kept = new int[bag.length];
        int n = 0;
        for (int id : bag) if (random.nextDouble() >= config.featureDropout()) kept[n++] = id;
        if (n == 0) kept[n++] = bag[random.nextInt(bag.length)];
        return java.util.Arrays.copyOf(kept, n);
    }

    private static void shuffle(int[] a, SplittableRandom random) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    private static Map<String, float[]> snapshot(EmotionNet net) {
        Map<String, float[]> s = new java.util.LinkedHashMap<>();
        net.parameters().forEach((name, p) -> s.put(name, p.value().toFloats()));
        return s;
    }

    private void restore(EmotionNet net, Map<String, float[]> s) {
        net.parameters().forEach((name, p) -> p.setValue(backend.fromFloats(s.get(name), p.shape())));
    }
}
