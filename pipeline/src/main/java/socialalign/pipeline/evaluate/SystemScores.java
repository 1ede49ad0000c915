package socialalign.pipeline.evaluate;

/**
 * Both levels of one system.
 *
 * @param name  the system's name
 * @param file  its predictions file
 * @param micro post against post
 * @param macro crowd against crowd
 */
public record SystemScores(String name, String file, MicroScores micro, MacroScores macro) {
}
