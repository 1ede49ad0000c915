package socialalign.lora;

import java.nio.file.Path;

/** An adapter directory that cannot be used: a one-line message naming the file and the field or tensor. */
public final class AdapterFormatException extends RuntimeException {
    public AdapterFormatException(Path file, String message) {
        super(file + ": " + message);
    }

    public AdapterFormatException(Path file, String message, Throwable cause) {
        super(file + ": " + message, cause);
    }
}
