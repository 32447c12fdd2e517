"""Options(comments=True): the reader comment thread in Article.comments, never in the text.

The pages in fixtures/comments/ are written by hand in the layouts comment systems use
(WordPress, a news site's own thread, XenForo-style forum replies, a Q&A page, a blog whose
thread holds only the reply form); what each must give is spelled out below."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import PROSE

import cleaner
from cleaner import comments
from cleaner import lexicon as lx
from cleaner.integrations import spark as cs
from cleaner.stream import clean_batch, iter_clean

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "comments"
ON = cleaner.Options(comments=True)


def page(name: str) -> bytes:
    return (FIXTURES / f"{name}.html").read_bytes()


# --- a page with a thread ----------------------------------------------------------------

WORDPRESS_COMMENTS = """\
Tom Ashby says:

March 3, 2024 at 9:12 am

We tried this last year on the windy end of the site and lost half the first row. The \
second row did fine, so the fortnight gap really does pay off.

Ruth Calder says:

March 3, 2024 at 11:40 am

A windbreak of old pallets along that edge helps a lot. Ask Derek, he has a stack behind \
the shed.

Priya N. says:

March 5, 2024 at 6:03 pm

Do you soak the seeds first? Mine rotted in the cold soil when I sowed them dry."""


def test_wordpress_thread_comes_in_page_order_with_author_and_date_lines():
    article = cleaner.clean(page("blog-wordpress-thread"), options=ON)
    # The nested reply stays where the page shows it; the "3 Responses" title, the Reply
    # buttons, the reply form and the sidebar's "Recent Comments" are not comments.
    assert article.comments == WORDPRESS_COMMENTS
    assert "Tom Ashby" not in article.text and "windbreak" not in article.text
    assert article.text.startswith("Every spring somebody at the allotment")
    assert article.text.endswith("still safely under the soil.")


def test_option_off_leaves_comments_none_and_the_text_as_it_was():
    html = page("blog-wordpress-thread")
    off = cleaner.clean(html)
    assert off.comments is None
    assert off.text == cleaner.clean(html, options=ON).text
    assert cleaner.Options().comments is False


def test_long_thread_under_a_short_story_does_not_become_its_text():
    # Four long comments outweigh a two-paragraph story. With the option, the thread is
    # set apart and the story is the text; without it, the thread's box is named like
    # chrome ("comment-list"), so the page is read again without it and the story is
    # the text too.
    html = page("news-short-story-long-thread")
    assert cleaner.clean(html).text.startswith("The harbour bridge will close")
    assert "Two weekends is optimistic" not in cleaner.clean(html).text
    article = cleaner.clean(html, options=ON)
    assert article.text == (
        "The harbour bridge will close to cars on the last two weekends of May while "
        "engineers replace the expansion joints, the council said on Tuesday. Buses will "
        "run over the old ferry road instead.\n\n"
        "Walkers and cyclists can still cross on the east footway.")
    comments = article.comments.split("\n\n")
    last = ("Glenda, the council page says the 9 goes round by the ferry road and stops "
            "outside the library instead, which is at least under cover if it rains while "
            "you wait for it.")
    assert comments[0] == "harbourwatcher · 14 May 2024, 18:20"
    assert comments[1].startswith("Two weekends is optimistic")
    assert "M. Okafor · 14 May 2024, 19:02" in comments
    assert comments[-2:] == ["harbourwatcher · 15 May 2024, 08:10", last]
    assert "Reader comments" not in article.comments


def test_thread_under_a_caption_too_short_to_be_an_article_is_still_the_comments():
    # A photo post: a headline and one caption line, then a long thread whose comments the
    # walk masks one by one. The caption is no article to stand before the thread, but
    # the thread is not the text either: it is the page's comments, not lost.
    article = cleaner.clean(page("photo-post-caption-long-thread"), options=ON)
    assert article.text == "This morning, before the sun got to it."
    comments = article.comments.split("\n\n")
    assert comments[0] == "Alasdair 2 December 2023 at 8:14 am"
    assert comments[1].startswith("That is a lovely picture.")
    assert comments[-1].endswith("a few green tufts on top.")
    assert len(comments) == 12
    assert "Leave a reply" not in article.comments and "6 comments" not in article.comments


def test_without_the_option_a_thread_under_a_one_line_post_is_the_text():
    # The same photo post, comments off: one caption line is no article, the thread holds
    # the page's prose, so it is read as the content (its chrome left out) instead of
    # the caption alone. A two-paragraph story keeps its thread out (test above).
    text = cleaner.clean(page("photo-post-caption-long-thread")).text
    assert text.startswith("This morning, before the sun got to it.\n\nAlasdair 2 December")
    assert "That is a lovely picture." in text
    assert text.endswith("a few green tufts on top.")
    assert "Leave a reply" not in text and "6 comments" not in text and "Reply" not in text


def test_a_reading_of_one_comment_takes_the_whole_thread():
    # A link post (title and a link out) over a discussion: the reading chose one long
    # comment (each is masked for its name, the longest not: it holds a fifth of the
    # page's prose); the thread it stands in is the content, not that comment alone.
    comment = ("<li class='comment'><div class='details'><a href='/u/{0}'>{0}</a> "
               "<span>3 hours ago</span><div class='comment_text'><p>{1}</p></div>"
               "<a href='/reply'>reply</a></div></li>")
    bodies = [("ann", ("I tried the new release last week and the build times went down by "
                       "a third on our monorepo, which nobody expected. The cold builds did "
                       "not change at all, so it is the cache that got better.")),
              ("bo", "Same here, although the incremental builds are where it really shows: "
                     "a one-line change used to rebuild the whole crate graph. " * 2),
              ("cy", ("Has anyone measured memory use? Ours went up a little, nothing "
                      "dramatic, but the CI runners are small and every hundred megabytes "
                      "shows up there as swapping.")),
              ("di", ("We saw the same, about five percent, and it was worth it for us: the "
                      "time saved on every push pays for a bigger runner many times over."))]
    bodies += [(name + "2", text[::-1].capitalize()) for name, text in bodies]
    html = ("<html><body><nav><a href='/'>Home</a> <a href='/new'>New</a></nav>"
            "<div class='story'><a href='https://example.org/post'>Release notes</a></div>"
            "<ol class='comments'>" + "".join(comment.format(*b) for b in bodies)
            + "</ol></body></html>")
    text = cleaner.clean(html).text
    for _, body in bodies:
        assert body.strip() in text
    assert "reply" not in text


# --- pages whose "comments" are content ----------------------------------------------------

def test_forum_replies_marked_up_as_comments_stay_in_the_text():
    html = page("forum-thread-replies-as-comments")
    article = cleaner.clean(html, options=ON)
    assert article.comments is None
    assert article.text == cleaner.clean(html).text
    for post in ("Which plane should I buy first", "A No. 4 smoother is the usual first plane",
                 "I would start with a No. 5 jack instead"):
        assert post in article.text


def test_a_declared_thread_whose_posts_are_named_comments_is_read_as_its_posts():
    # Invision-style: each post an <article id="elComment_N">, masked one by one for its
    # name; the reading then chose a settings panel elsewhere (several short paragraphs,
    # more than any one post). The page declares itself a forum thread: its posts, named
    # like comments, are its content.
    post = ("<article id='elComment_{0}' class='ipsEntry'><aside class='author'>{1} Members "
            "1.2k posts</aside><div id='comment-{0}_wrap' class='ipsEntry__content'>"
            "<div class='ipsEntry__meta'>June 1{0}, 2024</div>"
            "<div class='ipsEntry__post'>{2}</div></div></article>")
    posts = [
        ("ann", ("<p>Our allotment society is moving the plots to the field behind the school "
                 "next spring, and I wanted to thank everyone who helped with the move.</p>")),
        ("bo", ("<p>Thanks for organising it. The new soil is heavier clay, so bring a fork "
                "rather than a spade, and lay boards on the paths before the rain.</p>")),
        ("cy", ("<p>Does anyone know whether the water troughs are coming with us? The old "
                "ones leak at the seams but they are better than carrying cans.</p>")),
        ("di", ("<p>The committee voted to buy two new troughs; the old ones go to the "
                "school garden, which will patch them over the winter holidays.</p>")),
        ("ed", ("<p>Good news. I can lend a trailer on the Saturday if someone can drive it, "
                "my licence does not cover towing anything that heavy.</p>")),
    ]
    panel = ("<div class='notifications-panel'><h3>Notification settings</h3>"
             "<p>Click the padlock icon in the address bar to change your settings.</p>"
             "<p>Select the site settings entry and find the notifications line there.</p>"
             "<p>Choose whether this site may send you notifications of replies.</p>"
             "<p>Reload the page to see your new preference take effect here.</p></div>")
    html = ("<html><head><script type='application/ld+json'>{\"@type\": "
            "\"DiscussionForumPosting\"}</script></head><body>"
            "<nav><a href='/'>Forums</a> <a href='/new'>New posts</a></nav><h1>Plot move</h1>"
            "<div class='topic'>" + "".join(post.format(n, *b) for n, b in enumerate(posts))
            + "</div>" + panel + "</body></html>")
    text = cleaner.clean(html).text
    for _, body in posts:
        assert body[3:-4] in text
    article = cleaner.clean(html, options=ON)         # posts are never reader comments
    assert article.text == text and article.comments is None


def test_a_declared_thread_keeps_its_replies_after_a_long_first_post():
    # The question is long enough to pass for an article, and the replies, named like
    # comments ("js-comment"), are masked one by one: on a page that declares itself a
    # thread they are its content too, not a comment section under an article.
    question = "".join(f"<p>{p} {p} {p} {p}</p>" for p in PROSE)     # 1,300 characters
    reply = ("<article id='comment-id-{0}' class='js-comment comment-layer'>"
             "<div class='comment-meta'>member{0} - May 2, 2024</div>"
             "<div class='comment-body'><p>{1}</p></div></article>")
    replies = [f"Reply number {n}: " + (PROSE[n % 4] + " ") * 3 for n in range(8)]
    html = ("<html><head><script type='application/ld+json'>{\"@type\": "
            "\"DiscussionForumPosting\"}</script></head><body>"
            "<nav><a href='/'>Forum</a> <a href='/new'>New</a></nav>"
            "<article class='forum full'><h1>Is it worth it?</h1>" + question
            + "<section class='comments'>"
            + "".join(reply.format(n, r) for n, r in enumerate(replies))
            + "</section></article></body></html>")
    text = cleaner.clean(html).text
    assert text.startswith(PROSE[0])
    for r in replies:
        assert r.strip() in text


def test_qa_page_answers_and_their_comments_stay_in_the_text():
    html = page("qa-page-answer-comments")
    article = cleaner.clean(html, options=ON)
    assert article.comments is None
    assert article.text == cleaner.clean(html).text
    assert "run out of food" in article.text and "somewhere cooler" in article.text


def test_a_thread_of_only_a_form_and_notices_is_no_comments():
    html = page("blog-comments-form-only")
    article = cleaner.clean(html, options=ON)
    assert article.comments is None
    assert article.text == cleaner.clean(html).text


def test_pages_without_a_thread_and_bad_input():
    assert cleaner.clean("<html><body><p>Just one paragraph of text that is long enough to "
                         "count as prose on its own.</p></body></html>", options=ON).comments is None
    assert cleaner.clean(b"", options=ON).comments is None
    assert cleaner.clean("<html><head></head></html>", options=ON).comments is None


def test_disqus_style_thread_without_dates_is_found_by_its_items():
    items = "".join(
        f'<li class="post" id="dsq-comment-{i}"><div class="dsq-comment-header">'
        f'<cite>reader{i}</cite></div><div class="dsq-comment-message"><p>Comment number {i} '
        f'says something long enough to be a paragraph of its own here.</p></div></li>'
        for i in range(3))
    html = ("<html><body><article><h1>Title</h1>"
            + "<p>The article body goes on for a while, sentence after sentence, so that "
              "there is plenty of prose before the comments start.</p>" * 3
            + f'</article><div id="disqus_thread"><ul id="dsq-comments">{items}</ul></div>'
              "</body></html>")
    article = cleaner.clean(html, options=ON)
    assert article.comments is not None
    assert article.comments.split("\n\n")[:2] == [
        "reader0", "Comment number 0 says something long enough to be a paragraph of its own here."]
    assert "reader2" in article.comments and "Comment number" not in article.text


def test_an_empty_tab_named_for_comments_is_no_forum_post():
    # A share widget's tab list: <li id="tracker_comments" class="tab"> (empty, the count
    # is drawn by a script) beside <li class="tab"> siblings made like it. An empty item
    # is no forum reply: the page's thread below is still its comments.
    items = "".join(
        f'<div class="comment" id="comment-{i}"><p class="meta">reader{i} · 3 May 2024</p>'
        f'<p>Comment number {i} says something long enough to be a paragraph of its own.</p>'
        f'</div>' for i in range(3))
    html = ("<html><body><ul class='tabs'><li class='tab'>Share</li>"
            "<li class='tab' id='tracker_comments'></li></ul><article><h1>Title</h1>"
            + "<p>The article body goes on for a while, sentence after sentence, so that "
              "there is plenty of prose before the comments start.</p>" * 3
            + f'</article><div id="comments">{items}</div></body></html>')
    article = cleaner.clean(html, options=ON)
    assert article.comments is not None and "reader2 · 3 May 2024" in article.comments
    assert "Comment number" not in article.text


# --- the rules, one at a time --------------------------------------------------------------

@pytest.mark.parametrize("token", [
    "comments", "commentlist", "comment-list", "comments_list", "post-comments", "comments-area",
    "disqus_thread", "comment-123", "li-comment-123", "blog1_cmt-3027514677981726030",
    "commentwrap", "dsq-comments", "jc_commentsdiv"])
def test_names_of_threads_and_comments(token):
    assert lx.COMMENT_NAME_RE.match(token)


@pytest.mark.parametrize("token", [
    "comment-form", "comments-link", "comment-count", "comments-open", "commentary-body",
    "recent-comments-2", "widget_recent_comments", "most-commented", "comment-reply-link",
    "no-comments-yet"])
def test_names_that_are_not_a_thread(token):
    assert not lx.COMMENT_NAME_RE.match(token)


@pytest.mark.parametrize("line", [
    "3 Responses to “Beans”", "One thought on “Beans”", "Comments (12)", "Leave a Reply",
    "« Older Comments", "Pingback: a post elsewhere", "Reply", "Report abuse",
    "Like · Reply · 3", "reply to this comment", "Flag as inappropriate", "Please enable JavaScript to view the comments powered by Disqus."])
def test_thread_chrome_lines(line):
    from cleaner.blocks import Block
    from cleaner.comments import _chrome_line
    assert _chrome_line(Block(line, len(line.replace(" ", "")), 0, "p", -1))


@pytest.mark.parametrize("line", [
    "Tom Ashby says:", "March 3, 2024 at 9:12 am", "10/12/2012", "Thanks, that helped a lot!",
    "I like it, reply when you can about the seeds you used."])
def test_comment_lines_are_not_chrome(line):
    from cleaner.blocks import Block
    from cleaner.comments import _chrome_line
    assert not _chrome_line(Block(line, len(line.replace(" ", "")), 0, "p", -1))


# --- bounded on hostile pages ---------------------------------------------------------------

PARA = "<p>The council met on Tuesday to discuss the new budget for public libraries.</p>"
HOSTILE = {
    # a thread of "Reply" lines under a page of them: not aligned at every "Reply"
    "reply-lines": "<body>" + PARA * 5 + "<p>Reply</p>" * 20_000 + "<div class='comments'>"
                   + "<p>Reply</p>" * 10_000 + "<p>March 3, 2024</p></div></body>",
    # comments nested in comments: the inner ones are skipped in one query, not per level
    "nested": "<body>" + PARA * 5 + "<ul class='comments'><li class='comment'>" * 2_000
              + "March 3, 2024: deep</body>",
    # thousands of sibling comments, each one a thread of its own
    "siblings": "<body>" + PARA * 5 + "<div class='comment'><p>March 3, 2024</p><p>Thanks "
                "for this, it helped me with the same problem.</p></div>" * 5_000 + "</body>",
}


@pytest.mark.parametrize("name", list(HOSTILE))
def test_hostile_comment_pages_are_bounded(name):
    start = time.perf_counter()
    article = cleaner.clean(HOSTILE[name], options=ON)
    took = time.perf_counter() - start
    assert isinstance(article, cleaner.Article) and "council" in article.text
    assert took < 5, f"{name}: {took:.2f} s"


# --- the option through every interface ----------------------------------------------------

def test_cli_comments_flag_adds_the_field(tmp_path):
    target = tmp_path / "blog.html"
    target.write_bytes(page("blog-wordpress-thread"))

    def run(*flags):
        proc = subprocess.run([sys.executable, "-m", "cleaner", "-w", "0", *flags, str(target)],
                              capture_output=True, check=False, timeout=60)
        assert proc.returncode == 0, proc.stderr
        (rec,) = [json.loads(line) for line in proc.stdout.splitlines()]
        return rec

    with_flag = run("--comments")
    assert with_flag["comments"] == WORDPRESS_COMMENTS
    assert "Tom Ashby" not in with_flag["text"]
    without = run()
    assert "comments" not in without and without["text"] == with_flag["text"]
    # Text output has no place for them: said, not ignored in silence.
    proc = subprocess.run([sys.executable, "-m", "cleaner", "-w", "0", "--comments",
                           "--format", "text", str(target)],
                          capture_output=True, check=False, timeout=60)
    assert proc.returncode == 0 and b"Tom Ashby" not in proc.stdout
    assert b"warning: --comments does nothing with --format text" in proc.stderr


def test_stream_and_spark_columns_carry_comments():
    html = page("blog-wordpress-thread")
    (out,) = iter_clean([{"id": "a", "html": html}], options=ON)
    assert out["comments"] == WORDPRESS_COMMENTS
    (plain,) = iter_clean([{"id": "a", "html": html}])
    assert "comments" not in plain
    batch = clean_batch({"id": ["a", "b"], "html": [html, None]}, options=ON)
    assert batch["comments"] == [WORDPRESS_COMMENTS, None]
    assert cs.ddl(ON).endswith("error string, comments string")
    assert "comments" not in cs.ddl()
    row = next(cs.row_partitions(ON)([{"id": "a", "html": html}]))
    assert row[-1] == WORDPRESS_COMMENTS


def test_datatrove_extractor_puts_comments_after_the_text():
    from cleaner.integrations.datatrove import CleanerExtractor

    html = page("blog-wordpress-thread")
    text = cleaner.clean(html).text
    assert CleanerExtractor(comments=True).extract(html) == f"{text}\n\n{WORDPRESS_COMMENTS}"
    assert CleanerExtractor().extract(html) == text


def test_comments_benchmark_scores_text_and_comments(tmp_path, capsys):
    from benchmarks import comments as bench

    # A one-page set labelled as Dragnet is: the article, then its comments.
    (tmp_path / "blog.html").write_bytes(page("blog-wordpress-thread"))
    text = cleaner.clean(page("blog-wordpress-thread")).text
    (tmp_path / "blog.json").write_text(json.dumps(
        {"main_content": f"{text}\n\n{WORDPRESS_COMMENTS}"}), encoding="utf-8")
    both = bench.main(["--dataset", f"corpus:{tmp_path}"])
    alone = bench.main(["--dataset", f"corpus:{tmp_path}", "--text-only"])
    assert both["pages_with_comments"] == alone["pages_with_comments"] == 1
    assert both["f1"] == 1.0
    assert 0.4 < alone["f1"] < 0.9          # the article alone: recall lost
    assert "[text only]" in capsys.readouterr().out


@pytest.mark.parametrize("markup, declared", [
    ('<div itemscope itemtype="https://schema.org/DiscussionForumPosting">', True),
    ('<script type="application/ld+json">{"@type": "QAPage"}</script>', True),
    ('<div itemtype="https://schema.org/Article">', False),
])
def test_a_page_declares_itself_a_thread_by_its_schema_type(markup, declared):
    html = "<html><body>" + "<p>x</p>" * 1000 + markup + "</body></html>"
    assert comments.declares_thread(html) is declared
    assert comments.declares_thread(html.encode()) is declared
