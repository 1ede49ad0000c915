package socialalign.pipeline.crawl;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The time forms Weibo shows, normalised against the crawl time {@code now} (Beijing local time).
 *
 * <p>Search cards (spec A1 {@code standardize_date}): 刚刚, {@code N秒}, {@code N分钟}, {@code N小时}
 * (the text before 前), {@code 今天HH:MM}, {@code MM月DD日HH:MM} (current year), {@code YYYY年MM月DD日HH:MM}.
 * The container API (spec A3) adds 昨天, {@code MM-DD}, {@code YYYY-MM-DD} and the API form
 * {@code Sat Oct 26 10:00:00 +0800 2024}. Unlike the reference's fixed character offsets, one-digit
 * months and days and any spacing are accepted; on two-digit forms the results are the same.
 */
public final class WeiboDates {

    /** The search CSV's {@code 发布时间} format. */
    public static final DateTimeFormatter MINUTES = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");
    /** The timeline's {@code full_created_at} format. */
    public static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private static final Pattern AGO = Pattern.compile("(\\d+)(秒|分钟|小时|天)");
    private static final Pattern CLOCK = Pattern.compile("(\\d{1,2}):(\\d{2})(?::(\\d{2}))?");
    private static final Pattern CHINESE_DATE = Pattern.compile("(?:(\\d{4})年)?(\\d{1,2})月(\\d{1,2})日");
    private static final Pattern DASHED_DATE = Pattern.compile("^(?:(\\d{4})-)?(\\d{1,2})-(\\d{1,2})");
    private static final DateTimeFormatter API = DateTimeFormatter.ofPattern("EEE MMM dd HH:mm:ss Z yyyy", Locale.ENGLISH);
    private static final DateTimeFormatter API_NO_ZONE = DateTimeFormatter.ofPattern("EEE MMM dd HH:mm:ss yyyy", Locale.ENGLISH);
    private static final ZoneOffset BEIJING = ZoneOffset.ofHours(8);

    private WeiboDates() {}

    /**
     * Normalises a displayed time. Spaces, newlines and everything from 前 on are ignored, as the
     * reference strips them before {@code standardize_date}.
     *
     * @throws IllegalArgumentException when the text is none of the forms
     */
    public static LocalDateTime parse(String shown, LocalDateTime now) {
        String raw = shown.strip();
        try {
            return ZonedDateTime.parse(raw.replaceAll("\\s+", " "), API).withZoneSameInstant(BEIJING).toLocalDateTime();
        } catch (DateTimeParseException notApi) {
            try {
                return LocalDateTime.parse(raw.replaceAll("\\s+", " "), API_NO_ZONE);
            } catch (DateTimeParseException notApiWithoutZone) {
                // one of the displayed forms
            }
        }
        String s = raw.replaceAll("[\\s\\u00a0]+", "");
        int ago = s.indexOf('前');
        String t = ago >= 0 ? s.substring(0, ago) : s;
        if (t.contains("刚刚")) {
            return now;
        }
        Matcher m = AGO.matcher(t);
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "秒" -> now.minusSeconds(n);
                case "分钟" -> now.minusMinutes(n);
                case "小时" -> now.minusHours(n);
                default -> now.minusDays(n);
            };
        }
        LocalDate day;
        String rest;
        if (t.startsWith("今天")) {
            day = now.toLocalDate();
            rest = t.substring(2);
        } else if (t.startsWith("昨天")) {
            day = now.toLocalDate().minusDays(1);
            rest = t.substring(2);
        } else if ((m = CHINESE_DATE.matcher(t)).lookingAt() || (m = DASHED_DATE.matcher(t)).lookingAt()) {
            int year = m.group(1) != null ? Integer.parseInt(m.group(1)) : now.getYear();
            day = LocalDate.of(year, Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
            rest = t.substring(m.end());
        } else {
            throw new IllegalArgumentException("unknown Weibo time form: '" + shown + "'");
        }
        if (rest.isEmpty()) {
            return day.atStartOfDay();
        }
        Matcher clock = CLOCK.matcher(rest);
        if (!clock.matches()) {
            throw new IllegalArgumentException("unknown Weibo time form: '" + shown + "'");
        }
        int seconds = clock.group(3) == null ? 0 : Integer.parseInt(clock.group(3));
        return day.atTime(LocalTime.of(Integer.parseInt(clock.group(1)), Integer.parseInt(clock.group(2)), seconds));
    }
}
