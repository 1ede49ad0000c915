package socialalign.pipeline.crawl.fake;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import socialalign.pipeline.crawl.WeiboPost;

/**
 * The fake's 微博智搜 pages. Like the real ones they are shells whose scripts fetch JSON and render it:
 * a plain HTTP fetch sees no result, only a browser does. The result list is a Vant-style infinite list
 * ({@code div.van-list} of {@code div.cardblog}, loading / error-with-retry / finished footers) whose
 * cards open {@code /{uid}/{bid}}; that detail page renders the post from {@code /ajax/statuses/show}.
 * The hashed class names differ from the reference's on purpose, as they do between site builds.
 */
final class FakeAiSearchPages {

    /** The JSON the list page fetches, one batch per call (the real endpoint is not public; this path is the fake's). */
    static final String BATCH_PATH = "/web/other/ai/api/blogs";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter API_TIME = DateTimeFormatter.ofPattern("EEE MMM dd HH:mm:ss '+0800' yyyy", Locale.ROOT);
    private static final DateTimeFormatter TITLE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");
    private static final DateTimeFormatter SHOWN_TIME = DateTimeFormatter.ofPattern("yy-MM-dd HH:mm");

    private FakeAiSearchPages() {}

    static String listPage() {
        return """
                <!DOCTYPE html><html><head><meta charset="utf-8"><title>微博智搜</title>
                <style>.cardblog { height: 160px; border-bottom: 1px solid #eee; cursor: pointer }</style></head>
                <body><div id="app"></div>
                <script>
                (function () {
                  const query = new URLSearchParams(location.search).get('query') || '';
                  const list = document.createElement('div');
                  list.className = 'van-list';
                  const footer = document.createElement('div');
                  document.getElementById('app').appendChild(list);
                  list.appendChild(footer);
                  let page = 1, loading = false, finished = false;
                  function show(cls, text) { footer.className = cls; footer.textContent = text; }
                  function card(blog) {
                    const c = document.createElement('div');
                    c.className = 'cardblog';
                    const name = document.createElement('div');
                    name.className = 'name';
                    name.textContent = blog.user.screen_name;
                    const text = document.createElement('div');
                    text.className = 'text';
                    text.innerHTML = blog.text_short;
                    c.append(name, text);
                    c.addEventListener('click', () => window.open('/' + blog.user.idstr + '/' + blog.mblogid));
                    list.insertBefore(c, footer);
                  }
                  function load() {
                    if (loading || finished) return;
                    loading = true;
                    show('van-list__loading', '加载中...');
                    fetch('%s?query=' + encodeURIComponent(query) + '&page=' + page)
                      .then(r => { if (!r.ok) throw new Error('HTTP ' + r.status); return r.json(); })
                      .then(d => {
                        d.data.list.forEach(card);
                        page++;
                        finished = !d.data.more;
                        show(finished ? 'van-list__finished-text' : 'van-list__placeholder', finished ? '没有更多了' : '');
                      })
                      .catch(() => show('van-list__error-text', '请求失败，点击重新加载'))
                      .finally(() => { loading = false; });
                  }
                  footer.addEventListener('click', () => { if (footer.className === 'van-list__error-text') load(); });
                  window.addEventListener('scroll', () => {
                    if (window.innerHeight + window.scrollY >= document.body.scrollHeight - 50) load();
                  });
                  load();
                })();
                </script></body></html>
                """.formatted(BATCH_PATH);
    }

    /** One batch of results: {@code more} says whether the list goes on. */
    static String batch(List<WeiboPost> posts, boolean more) {
        ObjectNode root = JSON.createObjectNode().put("ok", 1);
        ObjectNode data = root.putObject("data");
        ArrayNode list = data.putArray("list");
        for (WeiboPost p : posts) {
            ObjectNode blog = list.addObject().put("mid", p.id()).put("mblogid", p.bid())
                    .put("text_short", html(p.text().length() > 20 ? p.text().substring(0, 20) + "..." : p.text()));
            blog.putObject("user").put("idstr", p.userId()).put("screen_name", p.screenName());
        }
        data.put("more", more);
        return root.toString();
    }

    /** A weibo.com detail page shell; its script renders the post from the status JSON. */
    static String detailPage(String bid) {
        return """
                <!DOCTYPE html><html><head><meta charset="utf-8"><title>微博正文 - 微博</title></head>
                <body><div id="app"></div>
                <script>
                fetch('/ajax/statuses/show?id=%s&locale=zh-CN').then(r => r.json()).then(s => {
                  document.getElementById('app').innerHTML =
                    '<article class="woo-panel-main"><header class="woo-box-flex">'
                    + '<div class="woo-avatar-main" usercard="' + s.user.idstr + '"><img alt=""></div>'
                    + '<div><a class="head_name_24eEB">' + s.user.screen_name + '</a>'
                    + '<a class="head-info_time_6sFQg" title="' + s.created_title + '">' + s.created_shown + '</a></div></header>'
                    + '<div class="detail_text_1U10O wbpro-feed-ogText"><div class="detail_wbtext_7Hq3Z">' + s.text + '</div></div>'
                    + '</article>';
                });
                </script></body></html>
                """.formatted(bid);
    }

    /** weibo.com's status JSON for a post, with the two time strings the detail page shows. */
    static String status(WeiboPost p) {
        ObjectNode root = JSON.createObjectNode().put("ok", 1).put("idstr", p.id()).put("mblogid", p.bid())
                .put("created_at", p.createdAt().format(API_TIME)).put("created_title", p.createdAt().format(TITLE_TIME))
                .put("created_shown", p.createdAt().format(SHOWN_TIME)).put("text", html(p.text()));
        root.putObject("user").put("idstr", p.userId()).put("screen_name", p.screenName());
        return root.toString();
    }

    // Topics become links and the text's single spaces line breaks, as weibo.com renders them.
    private static String html(String text) {
        return text.replace(" ", "<br>").replaceAll("#([^#]+)#", "<a href=\"//s.weibo.com/weibo?q=%23$1%23\">#$1#</a>");
    }
}
