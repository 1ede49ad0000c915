package socialalign.models.tokenizer;

import java.nio.file.Path;

/** A {@code tokenizer.json} that cannot be read or is malformed; the message is one line naming file and field. */
public final class TokenizerFormatException extends RuntimeException {

    public TokenizerFormatException(Path file, String field, String problem) {
        super(file + ": " + field + ": " + problem);
    }

    public TokenizerFormatException(Path file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
    }
}
