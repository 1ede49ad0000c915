package socialalign.models.tokenizer;

import it.unimi.dsi.fastutil.ints.IntArrayList;
import it.unimi.dsi.fastutil.longs.Long2LongOpenHashMap;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The byte-level BPE model: a piece's UTF-8 bytes start as one symbol each and are merged pairwise, always the
 * pair of lowest merge rank first and, among equal ranks, the leftmost, until no adjacent pair has a merge. This
 * is the order of Hugging Face's {@code Word::merge_all}, so the ids are the same. Thread-safe.
 */
final class Bpe {

    /** Hugging Face's BPE cache holds 10,000 words and stops adding when full; so does this one. */
    private static final int CACHE_CAPACITY = 10_000;
    private static final long NO_MERGE = -1;

    private final Map<String, Integer> vocab;
    /** Vocabulary id of each byte's table character, -1 when the vocabulary lacks it. */
    private final int[] byteIds = new int[256];
    /** (left id, right id) -> (rank, merged id), both packed in a long. */
    private final Long2LongOpenHashMap merges;
    private final int unkId;
    private final boolean fuseUnk;
    private final boolean ignoreMerges;
    private final Map<String, int[]> cache = new ConcurrentHashMap<>();

    /**
     * @param merges the merges in rank order, as vocabulary ids {@code {left, right, merged}}; a pair listed twice
     *               keeps its last rank, as in Hugging Face
     * @param unkId  the id unknown bytes become, or -1 to drop them
     */
    Bpe(Map<String, Integer> vocab, int[][] merges, int unkId, boolean fuseUnk, boolean ignoreMerges) {
        this.vocab = Map.copyOf(vocab);
        this.unkId = unkId;
        this.fuseUnk = fuseUnk;
        this.ignoreMerges = ignoreMerges;
        this.merges = new Long2LongOpenHashMap(merges.length);
        this.merges.defaultReturnValue(NO_MERGE);
        for (int rank = 0; rank < merges.length; rank++) {
            int[] m = merges[rank];
            this.merges.put(pair(m[0], m[1]), pair(rank, m[2]));
        }
        for (int b = 0; b < 256; b++) {
            byteIds[b] = vocab.getOrDefault(String.valueOf(ByteLevel.toChar(b)), -1);
        }
    }

    /** The id of a vocabulary token written in byte-level characters, or -1. */
    int id(String token) {
        return vocab.getOrDefault(token, -1);
    }

    /** Appends the ids of one pre-tokenized piece, {@code text[start, end)}. */
    void encodePiece(String text, int start, int end, IntArrayList out) {
        String piece = text.substring(start, end);
        int[] ids = cache.get(piece);
        if (ids == null) {
            ids = encodeUncached(piece.getBytes(StandardCharsets.UTF_8));
            if (cache.size() < CACHE_CAPACITY) {
                cache.put(piece, ids);
            }
        }
        out.addElements(out.size(), ids);
    }

    private int[] encodeUncached(byte[] bytes) {
        if (ignoreMerges) {
            int whole = id(ByteLevel.toChars(bytes));
            if (whole >= 0) {
                return new int[] {whole};
            }
        }
        int[] symbols = initialSymbols(bytes);
        return mergeAll(symbols);
    }

    /**
     * One symbol per byte. Bytes outside the vocabulary become the unknown token, a run of them only one when
     * {@code fuse_unk} is set, or vanish when there is no unknown token (Hugging Face's {@code merge_word}).
     */
    private int[] initialSymbols(byte[] bytes) {
        int[] symbols = new int[bytes.length];
        int n = 0;
        boolean previousUnknown = false;
        for (byte b : bytes) {
            int id = byteIds[b & 0xFF];
            if (id >= 0) {
                symbols[n++] = id;
                previousUnknown = false;
            } else if (unkId >= 0 && !(fuseUnk && previousUnknown)) {
                symbols[n++] = unkId;
                previousUnknown = true;
            }
        }
        return n == symbols.length ? symbols : Arrays.copyOf(symbols, n);
    }

    /**
     * Merges with a min-heap of (rank, position) entries. An entry goes stale when either symbol of its pair is
     * merged away first; it is recognised on popping because the pair at its position no longer has its rank.
     */
    private int[] mergeAll(int[] ids) {
        int n = ids.length;
        if (n < 2) {
            return ids;
        }
        int[] next = new int[n];
        int[] prev = new int[n];
        boolean[] removed = new boolean[n];
        for (int i = 0; i < n; i++) {
            next[i] = i + 1;
            prev[i] = i - 1;
        }
        LongMinHeap heap = new LongMinHeap(n);
        for (int i = 0; i + 1 < n; i++) {
            long merge = merges.get(pair(ids[i], ids[i + 1]));
            if (merge != NO_MERGE) {
                heap.push(pair(rank(merge), i));
            }
        }
        while (!heap.isEmpty()) {
            long top = heap.pop();
            int rank = (int) (top >>> 32);
            int pos = (int) top;
            int right = next[pos];
            if (removed[pos] || right >= n) {
                continue;
            }
            long merge = merges.get(pair(ids[pos], ids[right]));
            if (merge == NO_MERGE || rank(merge) != rank) {
                continue;
            }
            ids[pos] = (int) merge;
            removed[right] = true;
            next[pos] = next[right];
            if (next[pos] < n) {
                prev[next[pos]] = pos;
            }
            if (prev[pos] >= 0) {
                long left = merges.get(pair(ids[prev[pos]], ids[pos]));
                if (left != NO_MERGE) {
                    heap.push(pair(rank(left), prev[pos]));
                }
            }
            if (next[pos] < n) {
                long after = merges.get(pair(ids[pos], ids[next[pos]]));
                if (after != NO_MERGE) {
                    heap.push(pair(rank(after), pos));
                }
            }
        }
        int[] out = new int[n];
        int count = 0;
        for (int i = 0; i < n; i = next[i]) {
            out[count++] = ids[i];
        }
        return Arrays.copyOf(out, count);
    }

    private static long pair(int high, int low) {
        return (long) high << 32 | (low & 0xFFFFFFFFL);
    }

    private static int rank(long merge) {
        return (int) (merge >>> 32);
    }
}
