package socialalign.pipeline.dataset;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Python's {@code str.format} with named fields, as the reference fills its prompt templates: every {@code {name}}
 * is replaced in one pass, so braces inside the values are left alone (Java's {@code MessageFormat} would choke on
 * them and sequential replacement would substitute inside values).
 */
public final class Templates {
    private static final Pattern FIELD = Pattern.compile("\\{(\\w+)}");

    private Templates() {
    }

    /** {@code template.format(**values)}; a field without a value is an error, as in Python. */
    public static String fill(String template, Map<String, String> values) {
        Matcher m = FIELD.matcher(template);
        StringBuilder out = new StringBuilder(template.length() + 256);
        while (m.find()) {
            String value = values.get(m.group(1));
            if (value == null) {
                throw new IllegalArgumentException("template field {" + m.group(1) + "} has no value");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }
}
