package socialalign.pipeline.dataset;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import socialalign.models.io.AtomicFile;

/**
 * Runs a {@link Stage} unless it is already done: a stage is done when all its outputs exist and the stamp it
 * left after its last complete run ({@code .done/NAME} in the output folder) matches the fingerprint of its
 * current inputs and settings. The stamp is written last, so an interrupted run is redone.
 */
public final class StageRunner {
    private final Path outputFolder;
    private final PrintStream log;

    public StageRunner(Path outputFolder, PrintStream log) {
        this.outputFolder = outputFolder;
        this.log = log;
    }

    /** Runs {@code stage} if needed ({@code force}: always); returns whether it ran. */
    public boolean run(Stage stage, boolean force) throws IOException {
        Path stamp = outputFolder.resolve(".done").resolve(stage.name());
        String fingerprint = fingerprint(stage);
        boolean done = Files.isRegularFile(stamp) && Files.readString(stamp).equals(fingerprint)
                && stage.outputs().stream().allMatch(Files::exists);
        if (done && !force) {
            log.println(stage.name() + ": up to date, skipped");
            return false;
        }
        Files.deleteIfExists(stamp);
        if (stage.run(log)) {
            AtomicFile.writeString(stamp, fingerprint);
        }
        return true;
    }

    private static String fingerprint(Stage stage) throws IOException {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(Json.LINE.writeValueAsBytes(stage.settings()));
            for (Path input : stage.inputs()) {
                if (!Files.exists(input)) {
                    throw new NoSuchFileException(input.toString(), null, input + " (input of stage " + stage.name() + ") is missing");
                }
                String attributes = input.toAbsolutePath() + "|" + Files.size(input) + "|" + Files.getLastModifiedTime(input).toMillis();
                sha.update(attributes.getBytes(StandardCharsets.UTF_8));
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
