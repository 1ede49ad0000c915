package socialalign.pipeline.predict;

/**
 * One test case of the micro level: a user of a test event, the instruction the model reads (spec B8) and the post
 * the user really wrote.
 *
 * @param caseId      {@code topicId/targetId}, as in the dataset stage
 * @param topicId     the event
 * @param topic       the hashtag the prompt shows
 * @param uid         the user
 * @param userName    the user's screen name
 * @param instruction the filled template, the user message of the prompt
 * @param realPost    the user's real (cleaned) post: the reference
 */
public record TestCase(String caseId, String topicId, String topic, String uid, String userName, String instruction,
                       String realPost) {
}
