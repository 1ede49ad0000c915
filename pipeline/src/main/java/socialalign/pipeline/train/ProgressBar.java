package socialalign.pipeline.train;

import java.io.PrintStream;
import java.util.Locale;

/** {@code step 12/200 [####------] loss 2.3456 lr 1.20e-05 345 tok/s ETA 1:02:03}, redrawn in place on a terminal stream. */
final class ProgressBar {
    private static final int WIDTH = 20;
    private final PrintStream out;
    private final int startStep;

    ProgressBar(PrintStream out, int startStep) {
        this.out = out;
        this.startStep = startStep;
    }

    void update(StepMetrics m) {
        int filled = (int) ((long) WIDTH * m.step() / m.totalSteps());
        double perStep = m.elapsedSeconds() / Math.max(1, m.step() - startStep);
        long eta = Math.round(perStep * (m.totalSteps() - m.step()));
        out.print(String.format(Locale.ROOT, "\rstep %d/%d [%s%s] loss %.4f lr %.2e %.0f tok/s ETA %d:%02d:%02d ",
                m.step(), m.totalSteps(), "#".repeat(filled), "-".repeat(WIDTH - filled), m.loss(), m.learningRate(),
                m.tokensPerSecond(), eta / 3600, eta / 60 % 60, eta % 60));
        out.flush();
    }

    void finish() {
        out.println();
    }
}
