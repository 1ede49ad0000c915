package socialalign.pipeline.crawl.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;

class SearchWindowTest {

    private static final URI BASE = URI.create("https://s.weibo.com");

    @Test
    void buildsTheReferenceUrlsAndSplitsByDayHourProvinceCity() {
        List<SearchWindow> top = SearchWindow.initial("#丁俊晖#", LocalDate.of(2024, 10, 27), LocalDate.of(2024, 10, 28), SearchOptions.reference());
        assertEquals(1, top.size());
        SearchWindow range = top.getFirst();
        assertEquals("https://s.weibo.com/weibo?q=%23%E4%B8%81%E4%BF%8A%E6%99%96%23&scope=ori&suball=1&timescope=custom:2024-10-27-0:2024-10-29-0",
                range.url(BASE, 1).toString());
        assertTrue(range.splits(46));
        assertFalse(range.splits(45));

        List<SearchWindow> days = range.children();
        assertEquals(2, days.size());
        assertEquals("https://s.weibo.com/weibo?q=%23%E4%B8%81%E4%BF%8A%E6%99%96%23&scope=ori&suball=1&timescope=custom:2024-10-28-0:2024-10-29-0&page=1",
                days.get(1).url(BASE, 1).toString());

        List<SearchWindow> hours = days.get(0).children();
        assertEquals(24, hours.size());
        assertEquals(LocalDateTime.of(2024, 10, 27, 23, 0), hours.get(23).start());
        assertTrue(hours.get(23).url(BASE, 1).toString().contains("timescope=custom:2024-10-27-23:2024-10-28-0"));
        assertTrue(hours.get(5).url(BASE, 1).toString().contains("timescope=custom:2024-10-27-5:2024-10-27-6"), "hours are not zero-padded");

        List<SearchWindow> provinces = hours.get(5).children();
        assertEquals(36, provinces.size());
        assertEquals("安徽", Regions.byCode(provinces.get(0).province()).name());
        assertTrue(provinces.get(1).url(BASE, 1).toString().contains("&region=custom:11:1000&"));

        List<SearchWindow> cities = provinces.get(1).children();
        assertEquals(18, cities.size(), "北京 has 18 city codes");
        assertTrue(cities.get(9).url(BASE, 3).toString().contains("&region=custom:11:11&"));
        assertTrue(cities.get(9).url(BASE, 3).toString().endsWith("&page=3"));
        assertFalse(cities.get(9).splits(50), "a city window pages through whatever is shown");
    }

    @Test
    void aConfiguredRegionSkipsTheProvinceLevel() {
        SearchOptions beijing = new SearchOptions(0, 2, List.of("北京"), false);
        SearchWindow range = SearchWindow.initial("新闻", LocalDate.of(2024, 1, 1), LocalDate.of(2024, 1, 1), beijing).getFirst();
        assertEquals("https://s.weibo.com/weibo?q=%E6%96%B0%E9%97%BB&region=custom:11:1000&typeall=1&hasvideo=1&timescope=custom:2024-01-01-0:2024-01-02-0",
                range.url(BASE, 1).toString());
        SearchWindow hour = range.children().getFirst().children().getFirst();
        assertEquals(SearchWindow.Level.HOUR_PROVINCE, hour.level());
        assertEquals(18, hour.children().size());
    }

    @Test
    void rewritesHashtagKeywordsForFilesAsTheReference() {
        assertEquals("%23话题%23", SearchWindow.fileKeyword("#话题#"));
        assertEquals("##", SearchWindow.fileKeyword("##"));
        assertEquals(36, Regions.all().size());
    }
}
