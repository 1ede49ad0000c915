package socialalign.pipeline.data;

import java.nio.file.Path;

/**
 * A data file that cannot be read as expected: a malformed JSON line, a missing required field, a missing file.
 * The message names the file and, where there is one, the line: {@code responses.jsonl.gz:17: ...}.
 */
public class DataFileException extends RuntimeException {
    private final Path file;
    private final long line;

    /** A problem at a line of a file (lines count from 1). */
    public DataFileException(Path file, long line, String problem, Throwable cause) {
        super(file + ":" + line + ": " + problem, cause);
        this.file = file;
        this.line = line;
    }

    /** A problem with a file as a whole. */
    public DataFileException(Path file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
        this.file = file;
        this.line = 0;
    }

    /** The file at fault. */
    public Path file() {
        return file;
    }

    /** The line at fault, counting from 1, or 0 when the problem is the whole file. */
    public long line() {
        return line;
    }
}
