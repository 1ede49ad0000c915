package socialalign.pipeline.evaluate;

import java.io.IOException;
import java.io.PrintStream;
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
import socialalign.pipeline.sentiment.EmotionLabeller;

/**
 * The real crowd of each event: every response of the event in the public dataset, cleaned as the targets are
 * (spec B1) and labelled by the same labeller as the predictions. Responses that clean to nothing, and those the
 * labeller (an LLM judge) cannot label, are left out.
 */
public final class RealCrowds {
    private RealCrowds() {}

    /** The label counts of the responses of each event of {@code events}, by event id. */
    public static Map<String, LabelCounts> label(WeiboResponsesDataset source, Set<String> events, EmotionLabeller labeller,
                                                 PrintStream log) throws IOException {
        Map<String, List<String>> texts = new HashMap<>();
        try (Stream<WeiboResponse> responses = source.streamResponses()) {
            responses.filter(r -> events.contains(r.eventId())).forEach(r -> {
                String text = TextCleaner.clean(r.text());
                if (!text.isEmpty()) texts.computeIfAbsent(r.eventId(), id -> new ArrayList<>()).add(text);
            });
        }
        Map<String, LabelCounts> crowds = new TreeMap<>();
        texts.forEach((event, posts) -> {
            List<EmotionLabeller.Label> labels = labeller.labelAll(posts);
            List<EmotionLabeller.Label> labelled = labels.stream().filter(EmotionLabeller.Label::labelled).toList();
            labels.stream().filter(l -> !l.labelled()).forEach(l -> log.printf("evaluate: event %s: response not labelled: %s%n", event, l.failure()));
            crowds.put(event, LabelCounts.of(labelled.stream().map(l -> l.emotion().label()).toList(),
                    labelled.stream().map(l -> l.polarity().label()).toList()));
        });
        return crowds;
    }
}
