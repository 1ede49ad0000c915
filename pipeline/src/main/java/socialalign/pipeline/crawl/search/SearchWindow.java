package socialalign.pipeline.crawl.search;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * One s.weibo.com query: keyword, time window (whole hours), optional region, and its level in the
 * reference's recursive split (spec A1): range → day → hour → hour×province → city.
 *
 * @param province region code, or 0 for no region filter
 * @param city     city code; 1000 means the whole province
 */
public record SearchWindow(String keyword, LocalDateTime start, LocalDateTime end, int province, int city,
                           Level level, SearchOptions options) {

    /** The split level; {@link #CITY} pages through whatever the cap shows. */
    public enum Level { RANGE, DAY, HOUR, HOUR_PROVINCE, CITY }

    /** The page count at or above which a window is split (the reference's FURTHER_THRESHOLD). */
    public static final int FURTHER_THRESHOLD = 46;

    /** The most pages Weibo shows for one query. */
    public static final int MAX_PAGES = 50;

    /** The first windows of a crawl: the whole range, once per configured region (none for 全部). */
    public static List<SearchWindow> initial(String keyword, LocalDate startDate, LocalDate endDate, SearchOptions options) {
        if (startDate.isAfter(endDate)) {
            throw new IllegalArgumentException("start date " + startDate + " is after end date " + endDate);
        }
        LocalDateTime start = startDate.atStartOfDay();
        LocalDateTime end = endDate.plusDays(1).atStartOfDay();
        List<SearchWindow> out = new ArrayList<>();
        if (options.regions().isEmpty()) {
            out.add(new SearchWindow(keyword, start, end, 0, 0, Level.RANGE, options));
        } else {
            for (String region : options.regions()) {
                out.add(new SearchWindow(keyword, start, end, Regions.byName(region).code(), 1000, Level.RANGE, options));
            }
        }
        return out;
    }

    /** The keyword as it appears in the URL and the output folder: {@code #x#} becomes {@code %23x%23}. */
    public static String urlKeyword(String keyword) {
        if (keyword.length() > 2 && keyword.startsWith("#") && keyword.endsWith("#")) {
            return "%23" + URLEncoder.encode(keyword.substring(1, keyword.length() - 1), StandardCharsets.UTF_8) + "%23";
        }
        return URLEncoder.encode(keyword, StandardCharsets.UTF_8);
    }

    /** The reference's folder/file name of the keyword ({@code #x#} → {@code %23x%23}, the rest verbatim). */
    public static String fileKeyword(String keyword) {
        return keyword.length() > 2 && keyword.startsWith("#") && keyword.endsWith("#")
                ? "%23" + keyword.substring(1, keyword.length() - 1) + "%23" : keyword;
    }

    /** The URL of a page of this window (page 1 carries no page parameter at the top level, as in the reference). */
    public URI url(URI base, int page) {
        StringBuilder q = new StringBuilder("/weibo?q=").append(urlKeyword(keyword));
        if (province != 0) {
            q.append("&region=custom:").append(province).append(':').append(city);
        }
        q.append(options.weiboTypeSuffix()).append(options.containTypeSuffix())
                .append("&timescope=custom:").append(token(start)).append(':').append(token(end));
        if (page > 1 || level != Level.RANGE) {
            q.append("&page=").append(page);
        }
        return base.resolve(q.toString());
    }

    /** A stable key for the store's progress table. */
    public String taskKey() {
        return keyword + "|" + token(start) + ":" + token(end) + "|" + province + ":" + city
                + "|" + options.weiboTypeSuffix() + options.containTypeSuffix();
    }

    /** Whether a page count this high makes the reference subdivide this window. */
    public boolean splits(int pageCount) {
        return pageCount >= FURTHER_THRESHOLD && level != Level.CITY;
    }

    /** The sub-windows of the next level, as the reference's callbacks generate them. */
    public List<SearchWindow> children() {
        List<SearchWindow> out = new ArrayList<>();
        switch (level) {
            case RANGE -> {
                for (LocalDateTime d = start; d.isBefore(end); d = d.plusDays(1)) {
                    out.add(new SearchWindow(keyword, d, d.plusDays(1), province, city, Level.DAY, options));
                }
            }
            case DAY -> {
                Level next = province == 0 ? Level.HOUR : Level.HOUR_PROVINCE;
                for (int h = 0; h < 24; h++) {
                    out.add(new SearchWindow(keyword, start.plusHours(h), start.plusHours(h + 1), province, city, next, options));
                }
            }
            case HOUR -> {
                for (Regions.Province p : Regions.all()) {
                    out.add(new SearchWindow(keyword, start, end, p.code(), 1000, Level.HOUR_PROVINCE, options));
                }
            }
            case HOUR_PROVINCE -> {
                for (int c : Regions.byCode(province).cities().values()) {
                    out.add(new SearchWindow(keyword, start, end, province, c, Level.CITY, options));
                }
            }
            case CITY -> throw new IllegalStateException("a city window is never split");
        }
        return out;
    }

    /** {@code YYYY-MM-DD-H}, the hour not zero-padded. */
    static String token(LocalDateTime t) {
        return t.toLocalDate() + "-" + t.getHour();
    }
}
