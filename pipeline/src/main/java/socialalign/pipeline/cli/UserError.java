package socialalign.pipeline.cli;

/**
 * Bad input from the user (a missing file, a malformed field, a tensor of the wrong shape). The CLI prints
 * its message as one line, which must name the file, field or tensor at fault, and exits with code 2.
 */
public class UserError extends RuntimeException {
    public UserError(String message) {
        super(message);
    }

    public UserError(String message, Throwable cause) {
        super(message, cause);
    }
}
