package socialalign.pipeline.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import socialalign.models.io.AtomicFile;
import socialalign.models.tokenizer.ByteLevel;

/**
 * A small tokenizer.json in Qwen2's format (byte-level BPE, Qwen2's pre-tokenizer regex, the three ChatML special
 * tokens) for the demo's tiny model: the 256 byte symbols, then merges that build the {@code size} most frequent
 * multi-byte characters of a corpus whole, so a Chinese character is one token, as it mostly is for Qwen. Because the
 * pre-tokenizer is Qwen2's, the prompt spans of spec C3 fall where they fall with the real tokenizer.
 */
final class TinyTokenizer {
    static final String PRE_TOKENIZER_REGEX =
            "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+";
    static final List<String> SPECIAL = List.of("<|endoftext|>", "<|im_start|>", "<|im_end|>");

    private TinyTokenizer() {}

    /** Writes {@code tokenizer.json} for the most frequent {@code size} multi-byte characters of {@code corpus}; returns the vocabulary size. */
    static int write(Path file, List<String> corpus, int size) throws IOException {
        Map<Integer, Long> counts = new HashMap<>();
        for (String text : corpus) text.codePoints().filter(c -> c >= 0x80).forEach(c -> counts.merge(c, 1L, Long::sum));
        List<Integer> chars = counts.entrySet().stream()
                .sorted(Map.Entry.<Integer, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(size).map(Map.Entry::getKey).toList();
        Map<String, Integer> vocab = new LinkedHashMap<>();
        for (int b = 0; b < 256; b++) vocab.put(String.valueOf(ByteLevel.toChar(b)), b);
        List<String[]> merges = new ArrayList<>();
        for (int c : chars) {
            String symbols = ByteLevel.toChars(new String(Character.toChars(c)).getBytes(StandardCharsets.UTF_8));
            String left = symbols.substring(0, 1);
            for (int i = 1; i < symbols.length(); i++) {
                String right = symbols.substring(i, i + 1), merged = left + right;
                if (!vocab.containsKey(merged)) {
                    vocab.put(merged, vocab.size());
                    merges.add(new String[] {left, right});
                }
                left = merged;
            }
        }
        ObjectMapper json = new ObjectMapper();
        ObjectNode root = json.createObjectNode();
        root.put("version", "1.0");
        root.putNull("truncation");
        root.putNull("padding");
        ArrayNode added = root.putArray("added_tokens");
        for (String special : SPECIAL) {
            added.addObject().put("id", vocab.size() + SPECIAL.indexOf(special)).put("content", special).put("single_word", false)
                    .put("lstrip", false).put("rstrip", false).put("normalized", false).put("special", true);
        }
        root.putObject("normalizer").put("type", "NFC");
        ObjectNode pre = root.putObject("pre_tokenizer").put("type", "Sequence");
        ArrayNode steps = pre.putArray("pretokenizers");
        ObjectNode split = steps.addObject().put("type", "Split");
        split.putObject("pattern").put("Regex", PRE_TOKENIZER_REGEX);
        split.put("behavior", "Isolated").put("invert", false);
        byteLevel(steps.addObject());
        byteLevel(root.putObject("post_processor"));
        byteLevel(root.putObject("decoder"));
        ObjectNode model = root.putObject("model").put("type", "BPE");
        model.putNull("dropout");
        model.putNull("unk_token");
        model.put("continuing_subword_prefix", "").put("end_of_word_suffix", "").put("fuse_unk", false)
                .put("byte_fallback", false).put("ignore_merges", false);
        ObjectNode v = model.putObject("vocab");
        vocab.entrySet().stream().sorted(Comparator.comparingInt(Map.Entry::getValue)).forEach(e -> v.put(e.getKey(), e.getValue()));
        ArrayNode m = model.putArray("merges");
        merges.forEach(pair -> m.addArray().add(pair[0]).add(pair[1]));
        AtomicFile.writeString(file, json.writerWithDefaultPrettyPrinter().writeValueAsString(root));
        return vocab.size() + SPECIAL.size();
    }

    private static void byteLevel(ObjectNode node) {
        node.put("type", "ByteLevel").put("add_prefix_space", false).put("trim_offsets", false).put("use_regex", false);
    }
}
