package socialalign.pipeline.evaluate;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import socialalign.pipeline.data.WeiboResponse;
import socialalign.pipeline.data.WeiboResponsesDataset;
import socialalign.pipeline.dataset.clean.TextCleaner;
import socialalign.pipeline.sentiment.EmotionClassifier;

/**
 * The real crowd of each event: every response of the event in the public dataset, cleaned as the targets are
 * (spec B1) and labelled by the same classifier as the predictions. Responses that clean to nothing are left out.
 */
public final class RealCrowds {
    private RealCrowds() {}

    /** The label counts of the responses of each event of {@code events}, by event id. */
    public static Map<String, LabelCounts> label(WeiboResponsesDataset source, Set<String> events, EmotionClassifier classifier)
            throws IOException {
        Map<String, List<String>> texts = new HashMap<>();
        try (Stream<WeiboResponse> responses = source.streamResponses()) {
            responses.filter(r -> events.contains(r.eventId())).forEach(r -> {
                String text = TextCleaner.clean(r.text());
                if (!text.isEmpty()) texts.computeIfAbsent(r.eventId(), id -> new ArrayList<>()).add(text);
            });
        }
        Map<String, LabelCounts> crowds = new TreeMap<>();
        texts.forEach((event, posts) -> {
            List<EmotionClassifier.Prediction> labels = classifier.predictAll(posts);
            crowds.put(event, LabelCounts.of(labels.stream().map(p -> p.emotion().label()).toList(),
                    labels.stream().map(p -> p.polarity().label()).toList()));
        });
        return crowds;
    }
}
