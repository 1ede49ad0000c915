package socialalign.models;

import java.nio.file.Path;

/**
 * A model file ({@code config.json}, a safetensors file or its index) that cannot be read or does not fit the
 * model; the message is one line naming the file and the field or tensor at fault.
 */
public final class ModelFormatException extends RuntimeException {

    public ModelFormatException(Path file, String problem) {
        super(file + ": " + problem);
    }

    public ModelFormatException(Path file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
    }
}
