package socialalign.pipeline.dataset.persona;

/** A persona that could not be produced; the message names the case. */
public class PersonaException extends Exception {
    public PersonaException(String caseId, String problem, Throwable cause) {
        super("case " + caseId + ": " + problem, cause);
    }
}
