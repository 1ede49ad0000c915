package socialalign.models.tokenizer;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads Hugging Face's {@code tokenizer.json} for byte-level BPE. What it accepts is what Qwen2-family files
 * use; any other component is refused by name rather than silently tokenized differently.
 */
final class TokenizerJson {

    private final Path file;

    private TokenizerJson(Path file) {
        this.file = file;
    }

    static Tokenizer read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new TokenizerFormatException(file, "no such file", new NoSuchFileException(file.toString()));
        }
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(file.toFile());
        } catch (JacksonException e) {
            JsonLocation at = e.getLocation();
            throw new TokenizerFormatException(file, "not valid JSON" + (at == null ? "" : " at line "
                    + at.getLineNr() + ", column " + at.getColumnNr()) + ": " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new TokenizerFormatException(file, "cannot read: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new TokenizerFormatException(file, "(root)", "expected a JSON object");
        }
        return new TokenizerJson(file).tokenizer(root);
    }

    private Tokenizer tokenizer(JsonNode root) {
        Normalizer.Form normalization = normalization(root.get("normalizer"));
        checkPreTokenizer(root.get("pre_tokenizer"));
        checkByteLevel(root.get("decoder"), "decoder", false);
        checkByteLevel(root.get("post_processor"), "post_processor", true);
        JsonNode model = object(root, "model", "model");
        String type = text(model, "type", "model.type", "BPE");
        if (!type.equals("BPE")) {
            throw error("model.type", "unsupported model \"" + type + "\" (only BPE)");
        }
        refuseSet(model, "dropout", "model.dropout", "BPE dropout is not supported");
        refuseTrue(model, "byte_fallback", "model.byte_fallback");
        refuseNonEmpty(model, "continuing_subword_prefix", "model.continuing_subword_prefix");
        refuseNonEmpty(model, "end_of_word_suffix", "model.end_of_word_suffix");

        Map<String, Integer> vocab = vocab(object(model, "vocab", "model.vocab"));
        String[] tokens = tokensById(vocab);
        int[][] merges = merges(model.get("merges"), vocab);
        int unkId = -1;
        JsonNode unk = model.get("unk_token");
        if (unk != null && !unk.isNull()) {
            if (!unk.isTextual() || !vocab.containsKey(unk.asText())) {
                throw error("model.unk_token", "unknown token " + unk + " is not in model.vocab");
            }
            unkId = vocab.get(unk.asText());
        }
        Bpe bpe = new Bpe(vocab, merges, unkId, bool(model, "fuse_unk", "model.fuse_unk", false),
                bool(model, "ignore_merges", "model.ignore_merges", false));
        return new Tokenizer(bpe, tokens, addedTokens(root.get("added_tokens"), vocab), normalization);
    }

    private Normalizer.Form normalization(JsonNode normalizer) {
        if (normalizer == null || normalizer.isNull()) {
            return null;
        }
        String type = text(normalizer, "type", "normalizer.type", null);
        return switch (type) {
            case "NFC" -> Normalizer.Form.NFC;
            case "NFD" -> Normalizer.Form.NFD;
            case "NFKC" -> Normalizer.Form.NFKC;
            case "NFKD" -> Normalizer.Form.NFKD;
            default -> throw error("normalizer.type", "unsupported normalizer \"" + type + "\" (NFC, NFD, NFKC, NFKD)");
        };
    }

    /** Qwen2's pre-tokenizer: its Split regex (isolated), then ByteLevel without a regex of its own. */
    private void checkPreTokenizer(JsonNode pre) {
        if (pre == null || !"Sequence".equals(pre.path("type").asText())) {
            throw error("pre_tokenizer", "expected Qwen2's Sequence of Split and ByteLevel, got " + brief(pre));
        }
        JsonNode steps = pre.get("pretokenizers");
        if (steps == null || !steps.isArray() || steps.size() != 2) {
            throw error("pre_tokenizer.pretokenizers", "expected [Split, ByteLevel], got " + brief(steps));
        }
        JsonNode split = steps.get(0);
        String where = "pre_tokenizer.pretokenizers[0]";
        if (!"Split".equals(split.path("type").asText())) {
            throw error(where + ".type", "expected \"Split\", got " + brief(split.get("type")));
        }
        String regex = split.path("pattern").path("Regex").asText(null);
        if (!Qwen2PreTokenizer.PATTERN.equals(regex)) {
            throw error(where + ".pattern.Regex", "only Qwen2's pre-tokenizer regex is supported, got "
                    + brief(split.get("pattern")));
        }
        if (!"Isolated".equals(split.path("behavior").asText()) || split.path("invert").asBoolean(false)) {
            throw error(where + ".behavior", "expected \"Isolated\" without invert");
        }
        checkByteLevel(steps.get(1), "pre_tokenizer.pretokenizers[1]", false);
        if (steps.get(1).path("use_regex").asBoolean(true)) {
            throw error("pre_tokenizer.pretokenizers[1].use_regex", "expected false (the Split step does it)");
        }
    }

    private void checkByteLevel(JsonNode node, String where, boolean optional) {
        if (optional && (node == null || node.isNull())) {
            return;
        }
        if (node == null || !"ByteLevel".equals(node.path("type").asText())) {
            throw error(where, "expected ByteLevel, got " + brief(node));
        }
        if (node.path("add_prefix_space").asBoolean(false)) {
            throw error(where + ".add_prefix_space", "true is not supported");
        }
    }

    private Map<String, Integer> vocab(JsonNode vocabNode) {
        Map<String, Integer> vocab = new HashMap<>(vocabNode.size() * 2);
        Iterator<Map.Entry<String, JsonNode>> fields = vocabNode.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> e = fields.next();
            JsonNode id = e.getValue();
            if (!id.canConvertToInt() || !id.isIntegralNumber() || id.intValue() < 0) {
                throw error("model.vocab[" + quote(e.getKey()) + "]", "expected an id >= 0, got " + brief(id));
            }
            vocab.put(e.getKey(), id.intValue());
        }
        return vocab;
    }

    private String[] tokensById(Map<String, Integer> vocab) {
        int size = vocab.values().stream().mapToInt(Integer::intValue).max().orElse(-1) + 1;
        String[] tokens = new String[size];
        for (Map.Entry<String, Integer> e : vocab.entrySet()) {
            if (tokens[e.getValue()] != null) {
                throw error("model.vocab[" + quote(e.getKey()) + "]", "id " + e.getValue() + " is also "
                        + quote(tokens[e.getValue()]));
            }
            tokens[e.getValue()] = e.getKey();
        }
        return tokens;
    }

    /** Merges as {@code "a b"} (older files) or {@code ["a", "b"]} (newer, where tokens may hold spaces). */
    private int[][] merges(JsonNode mergesNode, Map<String, Integer> vocab) {
        if (mergesNode == null || !mergesNode.isArray()) {
            throw error("model.merges", "expected an array, got " + brief(mergesNode));
        }
        int[][] merges = new int[mergesNode.size()][];
        for (int rank = 0; rank < merges.length; rank++) {
            JsonNode m = mergesNode.get(rank);
            String where = "model.merges[" + rank + "]";
            String left;
            String right;
            if (m.isTextual()) {
                String[] parts = m.asText().split(" ", -1);
                if (parts.length != 2) {
                    throw error(where, "expected \"a b\" with exactly one space, got " + brief(m));
                }
                left = parts[0];
                right = parts[1];
            } else if (m.isArray() && m.size() == 2 && m.get(0).isTextual() && m.get(1).isTextual()) {
                left = m.get(0).asText();
                right = m.get(1).asText();
            } else {
                throw error(where, "expected \"a b\" or [\"a\", \"b\"], got " + brief(m));
            }
            merges[rank] = new int[] {
                    inVocab(vocab, left, where), inVocab(vocab, right, where), inVocab(vocab, left + right, where)};
        }
        return merges;
    }

    private int inVocab(Map<String, Integer> vocab, String token, String where) {
        Integer id = vocab.get(token);
        if (id == null) {
            throw error(where, "token " + quote(token) + " is not in model.vocab");
        }
        return id;
    }

    /**
     * The added tokens, with the ids Hugging Face gives them on loading (the file's own ids are only checked
     * there, with a warning): a token already in the vocabulary keeps its vocabulary id; any other takes the next
     * id after the vocabulary and the added tokens before it.
     */
    private List<AddedToken> addedTokens(JsonNode node, Map<String, Integer> vocab) {
        List<AddedToken> tokens = new ArrayList<>();
        if (node == null || node.isNull()) {
            return tokens;
        }
        if (!node.isArray()) {
            throw error("added_tokens", "expected an array, got " + brief(node));
        }
        Set<String> contents = new HashSet<>();
        int maxId = -1;
        for (int i = 0; i < node.size(); i++) {
            String where = "added_tokens[" + i + "]";
            JsonNode t = node.get(i);
            if (!t.isObject()) {
                throw error(where, "expected an object, got " + brief(t));
            }
            JsonNode fileId = t.get("id");
            if (fileId == null || !fileId.isIntegralNumber() || !fileId.canConvertToInt() || fileId.intValue() < 0) {
                throw error(where + ".id", "expected an id >= 0, got " + brief(fileId));
            }
            String content = text(t, "content", where + ".content", null);
            if (content.isEmpty()) {
                throw error(where + ".content", "must not be empty");
            }
            if (!contents.add(content)) {
                throw error(where + ".content", quote(content) + " is given twice");
            }
            Integer id = vocab.get(content);
            if (id == null) {
                id = maxId < 0 || maxId < vocab.size() && !vocab.isEmpty() ? vocab.size() : maxId + 1;
            }
            maxId = Math.max(maxId, id);
            boolean special = bool(t, "special", where + ".special", false);
            tokens.add(new AddedToken(id, content, special,
                    bool(t, "normalized", where + ".normalized", !special),
                    bool(t, "single_word", where + ".single_word", false),
                    bool(t, "lstrip", where + ".lstrip", false),
                    bool(t, "rstrip", where + ".rstrip", false)));
        }
        return tokens;
    }

    private JsonNode object(JsonNode parent, String name, String where) {
        JsonNode node = parent.get(name);
        if (node == null || !node.isObject()) {
            throw error(where, "expected an object, got " + brief(node));
        }
        return node;
    }

    private String text(JsonNode parent, String name, String where, String orElse) {
        JsonNode node = parent.get(name);
        if (node == null && orElse != null) {
            return orElse;
        }
        if (node == null || !node.isTextual()) {
            throw error(where, "expected a string, got " + brief(node));
        }
        return node.asText();
    }

    private boolean bool(JsonNode parent, String name, String where, boolean orElse) {
        JsonNode node = parent.get(name);
        if (node == null || node.isNull()) {
            return orElse;
        }
        if (!node.isBoolean()) {
            throw error(where, "expected true or false, got " + brief(node));
        }
        return node.booleanValue();
    }

    private void refuseSet(JsonNode parent, String name, String where, String why) {
        JsonNode node = parent.get(name);
        if (node != null && !node.isNull() && !(node.isNumber() && node.doubleValue() == 0)) {
            throw error(where, why + " (got " + brief(node) + ")");
        }
    }

    private void refuseTrue(JsonNode parent, String name, String where) {
        if (bool(parent, name, where, false)) {
            throw error(where, "true is not supported");
        }
    }

    private void refuseNonEmpty(JsonNode parent, String name, String where) {
        JsonNode node = parent.get(name);
        if (node != null && !node.isNull() && !node.asText().isEmpty()) {
            throw error(where, "not supported for byte-level BPE (got " + brief(node) + ")");
        }
    }

    private TokenizerFormatException error(String field, String problem) {
        return new TokenizerFormatException(file, field, problem);
    }

    private static String quote(String s) {
        return '"' + s + '"';
    }

    /** A node for an error message: short and on one line. */
    private static String brief(JsonNode node) {
        if (node == null) {
            return "nothing";
        }
        String s = node.toString();
        return s.length() > 80 ? s.substring(0, 77) + "..." : s;
    }
}
