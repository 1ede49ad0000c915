package socialalign.models.tokenizer;

/** UTF-8 as Hugging Face's Rust code treats it. */
final class Utf8 {

    private Utf8() {
    }

    /**
     * {@code s} with each unpaired surrogate replaced by U+FFFD, which is what a JavaScript or Python string
     * becomes on its way into Hugging Face's Rust code; Java's own UTF-8 encoder would write {@code ?} instead.
     */
    static String replaceLoneSurrogates(String s) {
        StringBuilder out = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!Character.isSurrogate(c)) {
                continue;
            }
            boolean paired = Character.isHighSurrogate(c) && i + 1 < s.length()
                    && Character.isLowSurrogate(s.charAt(i + 1));
            if (paired) {
                i++;
                continue;
            }
            if (out == null) {
                out = new StringBuilder(s);
            }
            out.setCharAt(i, '\uFFFD');
        }
        return out == null ? s : out.toString();
    }

    /**
     * Decodes UTF-8, each maximal invalid subpart becoming one U+FFFD (Unicode's recommended practice, which
     * Rust's {@code String::from_utf8_lossy} follows and so Hugging Face). Java's decoder differs: it turns an
     * encoded surrogate such as {@code ED A0 80} into one U+FFFD where Rust gives three.
     */
    static String decodeLossy(byte[] bytes) {
        StringBuilder out = new StringBuilder(bytes.length);
        int i = 0;
        while (i < bytes.length) {
            int lead = bytes[i] & 0xFF;
            if (lead < 0x80) {
                out.append((char) lead);
                i++;
                continue;
            }
            int length = lead >= 0xC2 && lead <= 0xDF ? 2 : lead >= 0xE0 && lead <= 0xEF ? 3
                    : lead >= 0xF0 && lead <= 0xF4 ? 4 : 0;
            if (length == 0) {
                out.append('\uFFFD');
                i++;
                continue;
            }
            // The second byte's range depends on the lead: no overlongs, no surrogates, nothing above U+10FFFF.
            int low = lead == 0xE0 ? 0xA0 : lead == 0xF0 ? 0x90 : 0x80;
            int high = lead == 0xED ? 0x9F : lead == 0xF4 ? 0x8F : 0xBF;
            int codePoint = lead & (0x7F >> length);
            int j = i + 1;
            for (; j < i + length && j < bytes.length; j++) {
                int b = bytes[j] & 0xFF;
                if (b < low || b > high) {
                    break;
                }
                codePoint = codePoint << 6 | (b & 0x3F);
                low = 0x80;
                high = 0xBF;
            }
            if (j == i + length) {
                out.appendCodePoint(codePoint);
            } else {
                out.append('\uFFFD');
            }
            i = j;
        }
        return out.toString();
    }
}
