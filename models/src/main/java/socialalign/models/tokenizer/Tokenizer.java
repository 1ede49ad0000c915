package socialalign.models.tokenizer;

import it.unimi.dsi.fastutil.ints.IntArrayList;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.Normalizer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * A Hugging Face byte-level BPE tokenizer (Qwen2, Qwen2.5, Qwen3), giving the ids that Hugging Face's
 * {@code tokenizers} gives. Encoding runs the library's pipeline: added tokens are split out of the raw text;
 * the rest is normalized (NFC for Qwen), searched again for the added tokens that match normalized text,
 * pre-tokenized ({@link Qwen2PreTokenizer}) and BPE-encoded ({@link Bpe}). Decoding maps tokens back to bytes
 * through the byte-level table and replaces invalid UTF-8 with U+FFFD as Rust's {@code from_utf8_lossy} does.
 * Thread-safe.
 */
public final class Tokenizer {

    private final Bpe bpe;
    private final String[] tokens;
    private final List<AddedToken> addedTokens;
    private final AddedToken[] addedById;
    private final Map<String, AddedToken> addedByContent = new HashMap<>();
    private final AddedTokenSplitter rawSplitter;
    private final AddedTokenSplitter normalizedSplitter;
    private final Normalizer.Form normalization;

    /**
     * @param tokens        each id's vocabulary token, in byte-level characters; {@code null} where only an added
     *                      token has the id
     * @param normalization the normalizer, or {@code null} for none
     */
    Tokenizer(Bpe bpe, String[] tokens, List<AddedToken> addedTokens, Normalizer.Form normalization) {
        this.bpe = bpe;
        this.addedTokens = List.copyOf(addedTokens);
        this.normalization = normalization;
        int size = tokens.length;
        for (AddedToken t : addedTokens) {
            size = Math.max(size, t.id() + 1);
            addedByContent.put(t.content(), t);
        }
        this.tokens = java.util.Arrays.copyOf(tokens, size);
        this.addedById = new AddedToken[size];
        for (AddedToken t : addedTokens) {
            addedById[t.id()] = t;
        }
        this.rawSplitter = new AddedTokenSplitter(addedTokens.stream().filter(t -> !t.normalized()).toList());
        this.normalizedSplitter = new AddedTokenSplitter(addedTokens.stream().filter(AddedToken::normalized)
                .map(t -> new AddedToken(t.id(), normalize(t.content()), t.special(), true, t.singleWord(),
                        t.lstrip(), t.rstrip()))
                .toList());
    }

    /** Loads {@code tokenizer.json}, given as the file or as the model directory that holds it. */
    public static Tokenizer load(Path fileOrDirectory) {
        Path file = Files.isDirectory(fileOrDirectory) ? fileOrDirectory.resolve("tokenizer.json") : fileOrDirectory;
        return TokenizerJson.read(file);
    }

    /** The ids of {@code text}; added tokens such as {@code <|im_start|>} in it become their ids. */
    public int[] encode(String text) {
        String input = Utf8.replaceLoneSurrogates(text);
        IntArrayList ids = new IntArrayList(input.length());
        rawSplitter.split(input, 0, input.length(), (start, end, token) -> {
            if (token != null) {
                ids.add(token.id());
                return;
            }
            String normalized = normalize(input.substring(start, end));
            normalizedSplitter.split(normalized, 0, normalized.length(), (s, e, t) -> {
                if (t != null) {
                    ids.add(t.id());
                } else {
                    Qwen2PreTokenizer.split(normalized, s, e, (ps, pe) -> bpe.encodePiece(normalized, ps, pe, ids));
                }
            });
        });
        return ids.toIntArray();
    }

    /** The text of {@code ids}, special tokens included. */
    public String decode(int[] ids) {
        return decode(ids, false);
    }

    /**
     * The text of {@code ids}, as Hugging Face decodes them. Bytes that do not form valid UTF-8 (a token sequence
     * cut inside a character) become U+FFFD, one per maximal invalid subpart; ids that name no token (see
     * {@link #token}) are left out.
     */
    public String decode(int[] ids, boolean skipSpecialTokens) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(ids.length * 4);
        for (int id : ids) {
            AddedToken added = id >= 0 && id < addedById.length ? addedById[id] : null;
            if (added != null && skipSpecialTokens && added.special()) {
                continue;
            }
            String token = added != null ? added.content() : id >= 0 && id < tokens.length ? tokens[id] : null;
            if (token != null) {
                appendTokenBytes(token, bytes);
            }
        }
        return Utf8.decodeLossy(bytes.toByteArray());
    }

    /** A token's bytes: its byte-level characters mapped back, or its UTF-8 when one is not in the table. */
    private static void appendTokenBytes(String token, ByteArrayOutputStream out) {
        byte[] bytes = new byte[token.length()];
        for (int i = 0; i < token.length(); i++) {
            int b = ByteLevel.toByte(token.charAt(i));
            if (b < 0) {
                out.writeBytes(token.getBytes(StandardCharsets.UTF_8));
                return;
            }
            bytes[i] = (byte) b;
        }
        out.writeBytes(bytes);
    }

    /** The id of a token, added tokens first, then the vocabulary (in byte-level characters). */
    public OptionalInt tokenId(String token) {
        AddedToken added = addedByContent.get(token);
        if (added != null) {
            return OptionalInt.of(added.id());
        }
        int id = bpe.id(token);
        return id >= 0 ? OptionalInt.of(id) : OptionalInt.empty();
    }

    /**
     * The token of an id as Hugging Face's {@code id_to_token} gives it (byte-level characters), or null for an id
     * that names no token: outside {@code [0, size())}, or a gap in the ids.
     */
    public String token(int id) {
        if (id < 0 || id >= tokens.length) {
            return null;
        }
        return addedById[id] != null ? addedById[id].content() : tokens[id];
    }

    /** One more than the largest id, vocabulary and added tokens together. */
    public int size() {
        return tokens.length;
    }

    public List<AddedToken> addedTokens() {
        return addedTokens;
    }

    private String normalize(String s) {
        if (normalization == null || Normalizer.isNormalized(s, normalization)) {
            return s;
        }
        return Normalizer.normalize(s, normalization);
    }
}
