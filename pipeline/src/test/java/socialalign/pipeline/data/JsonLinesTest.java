package socialalign.pipeline.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class JsonLinesTest {
    @TempDir
    Path dir;

    @Test
    void readsPlainAndGzipFilesAlike() throws IOException {
        String lines = """
                {"uid": "1", "screen_name": "甲", "gender": "m", "verified": false, "verified_type": -1, "extra": [1]}

                {"uid": "2", "screen_name": "乙", "gender": "f", "verified": true, "verified_type": 0}
                """;
        Path plain = Files.writeString(dir.resolve("users.jsonl"), lines);
        Path gz = dir.resolve("users.jsonl.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
            out.write(lines.getBytes(StandardCharsets.UTF_8));
        }
        for (Path file : List.of(plain, gz)) {
            List<WeiboUser> users = JsonLines.readAll(file, WeiboUser.class);
            assertEquals(List.of("1", "2"), users.stream().map(WeiboUser::uid).toList());
            assertEquals("乙", users.get(1).screenName());
            assertEquals(0, users.get(1).verifiedType());
        }
    }

    @Test
    void aMalformedLineIsNamedByFileAndLine() throws IOException {
        Path file = Files.writeString(dir.resolve("users.jsonl"), """
                {"uid": "1", "screen_name": "甲"}
                {"uid": "2", "screen_name": }
                """);
        DataFileException e = assertThrows(DataFileException.class, () -> JsonLines.readAll(file, WeiboUser.class));
        assertEquals(2, e.line());
        assertEquals(file, e.file());
    }

    @Test
    void aMissingRequiredFieldIsNamed() throws IOException {
        Path file = Files.writeString(dir.resolve("responses.jsonl"), """
                {"event_id": "e", "mid": "m", "split": "train", "text": "t"}
                """);
        DataFileException e = assertThrows(DataFileException.class, () -> JsonLines.readAll(file, WeiboResponse.class));
        assertEquals(file + ":1: missing field 'uid'", e.getMessage());
    }
}
