package socialalign.pipeline.llm;

/** A chat model gave no usable answer; the message says why in one line (the caller adds what the answer was for). */
public class ChatException extends Exception {
    public ChatException(String problem, Throwable cause) {
        super(problem, cause);
    }
}
