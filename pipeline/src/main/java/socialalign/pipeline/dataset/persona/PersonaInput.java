package socialalign.pipeline.dataset.persona;

import socialalign.pipeline.dataset.HistoryPost;

import java.util.List;

/**
 * What a persona is drawn from (spec B7): the case it is for, the user's name and the retrieved history, best first.
 *
 * @param caseId   the case, named in errors
 * @param userName the user's screen name
 * @param history  the retrieved history posts (at most 5)
 */
public record PersonaInput(String caseId, String userName, List<HistoryPost> history) {
    public PersonaInput {
        history = List.copyOf(history);
    }
}
