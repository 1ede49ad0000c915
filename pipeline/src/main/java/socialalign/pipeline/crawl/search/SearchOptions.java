package socialalign.pipeline.crawl.search;

import java.util.List;

/**
 * The reference's search settings (spec A1): WEIBO_TYPE, CONTAIN_TYPE, REGION, and whether to fetch
 * each post's "发布于" region with one extra request per post.
 *
 * @param weiboType   0 all (the reference's comment says this, F.8), 1 original only (its actual setting), 2 hot,
 *                    3 followed, 4 verified, 5 media, 6 viewpoint
 * @param containType 0 all, 1 pictures, 2 videos, 3 music, 4 links
 * @param regions     region names; empty for 全部
 * @param fetchIp     fill {@code ip} through weibo.com/ajax/statuses/show
 */
public record SearchOptions(int weiboType, int containType, List<String> regions, boolean fetchIp) {

    public SearchOptions {
        regions = List.copyOf(regions);
        regions.forEach(Regions::byName);
    }

    /** The reference's settings: original posts only, any content, every region, with the region lookup. */
    public static SearchOptions reference() {
        return new SearchOptions(1, 0, List.of(), true);
    }

    String weiboTypeSuffix() {
        return switch (weiboType) {
            case 0 -> "&typeall=1";
            case 2 -> "&xsort=hot";
            case 3 -> "&atten=1";
            case 4 -> "&vip=1";
            case 5 -> "&category=4";
            case 6 -> "&viewpoint=1";
            default -> "&scope=ori";
        };
    }

    String containTypeSuffix() {
        return switch (containType) {
            case 1 -> "&haspic=1";
            case 2 -> "&hasvideo=1";
            case 3 -> "&hasmusic=1";
            case 4 -> "&haslink=1";
            default -> "&suball=1";
        };
    }
}
