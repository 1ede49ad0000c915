package socialalign.pipeline.sentiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import socialalign.pipeline.dataset.persona.SentimentClassifier;

class EmotionLabelsTest {

    @Test
    void labelsParseWithTheNeuralSpelling() {
        assertEquals(Optional.of(Emotion.NEUTRAL), Emotion.parse("neural"));
        assertEquals(Optional.of(Emotion.FEAR), Emotion.parse(" Fear "));
        assertTrue(Emotion.parse("disgust").isEmpty());
    }

    @Test
    void polarityOfEachEmotionWithSurpriseConfigurable() {
        assertEquals(Polarity.POSITIVE, Polarity.of(Emotion.HAPPY, Polarity.NEUTRAL));
        assertEquals(Polarity.NEUTRAL, Polarity.of(Emotion.NEUTRAL, Polarity.NEGATIVE));
        for (Emotion e : new Emotion[] {Emotion.ANGRY, Emotion.SAD, Emotion.FEAR}) assertEquals(Polarity.NEGATIVE, Polarity.of(e, Polarity.POSITIVE));
        for (Polarity p : Polarity.values()) assertEquals(p, Polarity.of(Emotion.SURPRISE, p));
        assertEquals(SentimentClassifier.Sentiment.NEGATIVE, Polarity.NEGATIVE.persona());
        assertEquals(Polarity.POSITIVE, Polarity.parse("Positive"));
        assertThrows(IllegalArgumentException.class, () -> Polarity.parse("mixed"));
    }
}
