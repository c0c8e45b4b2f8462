// Live updates for the overview: new posts arrive as server-sent events from
// /api/live and are put at the top of the newest-posts list. Post text comes
// from strangers: it is only ever set with textContent, never as HTML.
(() => {
  function start() {
    const box = document.getElementById("live-status");
    const text = document.getElementById("live-text");
    const count = document.getElementById("live-count");
    const cfg = window.ResonanzCharts ? window.ResonanzCharts.readData("live-data") : null;
    if (!box || !text || !count || !cfg || typeof window.EventSource === "undefined") return;
    box.hidden = false;
    let received = 0;
    const when = new Intl.DateTimeFormat(cfg.locale, {
      timeZone: cfg.timezone,
      dateStyle: "medium",
      timeStyle: "short",
    });
    // Posts already on the page: a reconnect may resend a batch, and a post stored while the page was
    // rendered may be both in the list and in the stream. Each is shown once.
    const seen = new Set(
      Array.from(document.querySelectorAll("[data-uid]"), (el) => el.getAttribute("data-uid")),
    );
    const source = new EventSource(cfg.src);
    source.addEventListener("ready", () => {
      box.classList.add("live-on");
      text.textContent = text.dataset.on || "";
    });
    source.addEventListener("post", (e) => {
      let post;
      try {
        post = JSON.parse(e.data);
      } catch (_err) {
        return;
      }
      if (!post || typeof post.uid !== "string" || seen.has(post.uid)) return;
      seen.add(post.uid);
      received++;
      count.textContent = `(${text.dataset.new || ""} ${received})`;
      prepend(post);
    });
    source.onerror = () => {
      // EventSource reconnects by itself (resuming from the last event id); say so only when it gave up.
      if (source.readyState === EventSource.CLOSED) {
        box.classList.remove("live-on");
        text.textContent = text.dataset.off || "";
      }
    };

    function el(tag, cls, content) {
      const node = document.createElement(tag);
      if (cls) node.className = cls;
      if (content !== undefined) node.textContent = content;
      return node;
    }

    function prepend(post) {
      let list = document.getElementById("posts-list");
      if (!list) {
        const section = document.querySelector("section.posts");
        if (!section) return;
        const empty = section.querySelector(".empty");
        if (empty) empty.remove();
        list = el("ol", "post-list");
        list.id = "posts-list";
        section.appendChild(list);
      }
      const li = el("li", "post-new");
      const article = el("article", "post");
      article.setAttribute("data-uid", post.uid);
      const meta = el("p", "post-meta");
      const author = el("span", "post-author");
      if (post.author?.name) author.appendChild(el("span", "post-name", `${post.author.name} `));
      author.appendChild(el("span", "post-handle", post.author ? post.author.handle : ""));
      meta.appendChild(author);
      meta.appendChild(el("span", "post-platform", post.platform));
      const time = el("time", "", when.format(new Date(post.createdAt)));
      time.setAttribute("datetime", post.createdAt);
      meta.appendChild(time);
      article.appendChild(meta);
      const body = el("p", "post-text", post.text);
      if (typeof post.lang === "string" && /^[a-z]{2,3}$/.test(post.lang)) body.lang = post.lang;
      article.appendChild(body);
      if (typeof post.url === "string" && /^https?:\/\//i.test(post.url)) {
        const p = el("p", "post-link");
        const a = el("a", "", cfg.labels.openOriginal);
        a.href = post.url;
        a.target = "_blank";
        a.rel = "noopener nofollow";
        a.appendChild(
          el(
            "span",
            "visually-hidden",
            ` (${cfg.labels.postBy} ${post.author ? post.author.handle : ""}, ${cfg.labels.newWindow})`,
          ),
        );
        p.appendChild(a);
        article.appendChild(p);
      }
      li.appendChild(article);
      list.insertBefore(li, list.firstChild);
      // Keep the list from growing without bound on a screen left open all week.
      while (list.children.length > 50) list.removeChild(list.lastChild);
    }
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
