package socialalign.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import socialalign.models.tokenizer.Tokenizer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Our side of {@code bench/tokenizer/compare-tokenizer.sh}: encodes the chunks of a JSON Lines file (one JSON
 * string per line) a warm-up pass plus {@code PASSES} times and prints {@code tokens=N seconds=S} of the best pass.
 * Usage: {@code TokenizerBench TOKENIZER.json CHUNKS.jsonl PASSES}.
 */
public final class TokenizerBench {

    private TokenizerBench() {
    }

    public static void main(String[] args) throws IOException {
        Tokenizer tokenizer = Tokenizer.load(Path.of(args[0]));
        ObjectMapper json = new ObjectMapper();
        List<String> chunks = Files.readAllLines(Path.of(args[1])).stream().filter(l -> !l.isEmpty())
                .map(l -> {
                    try {
                        return json.readValue(l, String.class);
                    } catch (IOException e) {
                        throw new IllegalArgumentException(args[1] + ": not a JSON string line", e);
                    }
                }).toList();
        int passes = Integer.parseInt(args[2]);
        double best = Double.POSITIVE_INFINITY;
        long tokens = 0;
        for (int pass = 0; pass <= passes; pass++) { // pass 0 warms up the JIT and the BPE cache
            long start = System.nanoTime();
            tokens = 0;
            for (String chunk : chunks) {
                tokens += tokenizer.encode(chunk).length;
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            if (pass > 0) {
                best = Math.min(best, seconds);
            }
        }
        System.out.println("tokens=" + tokens + " seconds=" + best);
    }
}
