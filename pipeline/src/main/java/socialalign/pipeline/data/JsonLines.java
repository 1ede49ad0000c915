package socialalign.pipeline.data;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import java.util.zip.GZIPInputStream;

/**
 * Streaming reader of JSON Lines files: UTF-8, one JSON object per line, gzip-compressed when the name ends in
 * {@code .gz}. Records are parsed lazily, one line at a time, so a file of any size reads in constant memory.
 * Blank lines are skipped; unknown fields are ignored (newer releases may add fields); a malformed line or a
 * missing required field raises a {@link DataFileException} naming the file and the line.
 *
 * <pre>{@code
 * try (Stream<WeiboResponse> responses = JsonLines.stream(path, WeiboResponse.class)) {
 *     responses.filter(WeiboResponse::isTrain).forEach(...);
 * }
 * }</pre>
 */
public final class JsonLines {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private JsonLines() {
    }

    /**
     * Opens {@code file} as a lazy, sequential stream of {@code type} records. The stream holds the file open:
     * close it, e.g. with try-with-resources.
     *
     * @throws IOException when the file cannot be opened
     */
    public static <T> Stream<T> stream(Path file, Class<T> type) throws IOException {
        BufferedReader reader = open(file);
        Iterator<T> records = new RecordIterator<>(file, reader, MAPPER.readerFor(type));
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(records, Spliterator.ORDERED | Spliterator.NONNULL), false)
                .onClose(() -> {
                    try {
                        reader.close();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
    }

    /** Reads every record of {@code file} into a list, in file order. */
    public static <T> List<T> readAll(Path file, Class<T> type) throws IOException {
        try (Stream<T> records = stream(file, type)) {
            return records.toList();
        }
    }

    private static BufferedReader open(Path file) throws IOException {
        InputStream in = Files.newInputStream(file);
        try {
            if (file.getFileName().toString().endsWith(".gz")) {
                in = new GZIPInputStream(in, 1 << 16);
            }
        } catch (IOException e) {
            in.close();
            throw new DataFileException(file, "not a gzip file", e);
        }
        return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16);
    }

    /** Reads ahead one non-blank line so that {@code hasNext} is exact. */
    private static final class RecordIterator<T> implements Iterator<T> {
        private final Path file;
        private final BufferedReader reader;
        private final ObjectReader parser;
        private long lineNumber;
        private String pending;

        RecordIterator(Path file, BufferedReader reader, ObjectReader parser) {
            this.file = file;
            this.reader = reader;
            this.parser = parser;
        }

        @Override
        public boolean hasNext() {
            while (pending == null) {
                String line;
                try {
                    line = reader.readLine();
                } catch (IOException e) {
                    throw new DataFileException(file, lineNumber + 1, "cannot read: " + e.getMessage(), e);
                }
                if (line == null) {
                    return false;
                }
                lineNumber++;
                if (!line.isBlank()) {
                    pending = line;
                }
            }
            return true;
        }

        @Override
        public T next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            String line = pending;
            pending = null;
            try {
                return parser.readValue(line);
            } catch (JsonProcessingException e) {
                throw new DataFileException(file, lineNumber, problem(e), e);
            }
        }

        /** Jackson's message without its source excerpt; a failed record check names the missing field. */
        private static String problem(JsonProcessingException e) {
            Throwable root = e;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            if (root instanceof NullPointerException npe && npe.getMessage() != null) {
                return "missing field '" + npe.getMessage() + "'";
            }
            return e.getOriginalMessage();
        }
    }
}
