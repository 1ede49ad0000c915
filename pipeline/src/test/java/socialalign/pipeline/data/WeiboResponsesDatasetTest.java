package socialalign.pipeline.data;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class WeiboResponsesDatasetTest {

    /** The sample folder copied from {@code shared/data/weibo-responses/sample} into the test resources. */
    static Path sample() {
        try {
            return Path.of(Objects.requireNonNull(WeiboResponsesDatasetTest.class.getResource("/weibo-responses-sample/events.jsonl")).toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void readsTheSampleAsItsReadmeDescribesIt() throws IOException {
        WeiboResponsesDataset data = WeiboResponsesDataset.in(sample());
        List<WeiboEvent> events = JsonLines.readAll(data.events(), WeiboEvent.class);
        List<WeiboResponse> responses = JsonLines.readAll(data.responses(), WeiboResponse.class);
        List<WeiboUser> users = JsonLines.readAll(data.users(), WeiboUser.class);
        assertEquals(5, events.size());
        assertEquals(247, responses.size());
        assertEquals(221, users.size());
        assertTrue(events.stream().allMatch(WeiboEvent::isTrain));

        WeiboEvent first = events.getFirst();
        assertEquals("3489225288276286", first.eventId());
        assertEquals(1347379598L, first.createdAtUnix());
        assertEquals(1, first.rumourLabel());
        assertEquals(null, first.topic());
        WeiboResponse response = responses.getFirst();
        assertEquals("3489225754645587", response.mid());
        assertEquals("谁他妈的在卖国啊。。。。", response.text());
        assertEquals("我系pqf", users.getFirst().screenName());
    }

    @Test
    void aMissingFileIsNamed() {
        NoSuchFileException e = assertThrows(NoSuchFileException.class, () -> WeiboResponsesDataset.in(Path.of("no-such-folder")));
        assertTrue(e.getMessage().contains("events.jsonl.gz"), e.getMessage());
    }

    @Test
    void readsTheCompressedReleaseWhenSharedIsPresent() throws IOException {
        Path full = SharedData.weiboResponses();
        assumeTrue(Files.isRegularFile(full.resolve("events.jsonl.gz")), "../shared/data/weibo-responses is absent: skipped");
        try (Stream<WeiboEvent> events = WeiboResponsesDataset.in(full).streamEvents()) {
            assertEquals(408, events.count());
        }
    }
}
