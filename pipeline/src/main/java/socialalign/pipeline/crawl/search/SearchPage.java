package socialalign.pipeline.crawl.search;

import java.util.ArrayList;
import java.util.List;
import socialalign.pipeline.crawl.WeiboPost;

/**
 * One parsed s.weibo.com result page.
 *
 * @param noResult  the "no result" card is present (spec A1: the callback stops)
 * @param pageCount the number of entries of the pagination dropdown ({@code ul.s-scroll > li}); 0 for one page
 * @param hasNext   a {@code a.next} link exists
 * @param cards     the result cards in page order
 */
public record SearchPage(boolean noResult, int pageCount, boolean hasNext, List<Card> cards) {

    /** One result card: the post, and the original it reposts ({@code null} if none). */
    public record Card(WeiboPost post, WeiboPost original) {}

    public SearchPage {
        cards = List.copyOf(cards);
    }

    /** The items the reference yields, in its order: a repost's original right before the repost. */
    public List<WeiboPost> posts() {
        List<WeiboPost> out = new ArrayList<>();
        for (Card c : cards) {
            if (c.original() != null) {
                out.add(c.original());
            }
            out.add(c.post());
        }
        return out;
    }
}
