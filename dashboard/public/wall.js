// The social wall's live update (/embed/wall). Plain browser JavaScript, no
// build step. Every 30 seconds it asks /api/posts (same origin) for the newest
// posts and rebuilds the cards. Post text, names and handles come from
// strangers: they only ever go into textContent, never into innerHTML, and
// only http(s) URLs become links. The settings come from the JSON element the
// server rendered, so the page needs no inline script (strict CSP).
(() => {
  function start() {
    const configEl = document.getElementById("wall-config");
    const list = document.getElementById("wall-list");
    const live = document.getElementById("wall-live");
    const liveText = document.getElementById("wall-live-text");
    const status = document.getElementById("wall-status");
    const updated = document.getElementById("wall-updated");
    const empty = document.getElementById("wall-empty");
    if (!configEl || !list || !live || !liveText || !status || !updated || !empty) return;
    let config;
    try {
      config = JSON.parse(configEl.textContent || "{}");
    } catch (_err) {
      return; // The server-rendered cards stay; the wall is just not live.
    }
    if (typeof config.api !== "string" || !config.api.startsWith("/")) return;

    const dateFormat = new Intl.DateTimeFormat(config.locale, {
      ...config.dateOptions,
      timeZone: config.timeZone,
    });
    const clockFormat = new Intl.DateTimeFormat(config.locale, {
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
      timeZone: config.timeZone,
    });
    const numberFormat = new Intl.NumberFormat(config.locale);
    const interval = Math.max(5000, Number(config.intervalMs) || 30000);

    let known = new Set(
      Array.from(list.querySelectorAll("li[data-uid]"), (li) => li.getAttribute("data-uid")),
    );
    let timer = null;
    let busy = false;

    live.hidden = false;

    function text(tag, className, value) {
      const el = document.createElement(tag);
      if (className) el.className = className;
      el.textContent = value;
      return el;
    }

    function safeUrl(url) {
      if (typeof url !== "string") return null;
      try {
        const u = new URL(url);
        return u.protocol === "http:" || u.protocol === "https:" ? u.href : null;
      } catch (_err) {
        return null;
      }
    }

    function formatTime(iso) {
      const d = new Date(iso);
      return Number.isNaN(d.getTime()) ? "" : dateFormat.format(d) + config.timeSuffix;
    }

    // The same structure as WallCard in components/wall-page.tsx.
    function card(post) {
      const li = document.createElement("li");
      li.className = "wall-item";
      li.setAttribute("data-uid", String(post.uid));
      const article = document.createElement("article");
      article.className = "wall-card";

      const author = document.createElement("p");
      author.className = "wall-author";
      const who = post.author || {};
      if (who.name) author.append(text("span", "wall-name", String(who.name)), " ");
      author.appendChild(text("span", "wall-handle", String(who.handle || "")));
      article.appendChild(author);

      article.appendChild(text("p", "wall-text", String(post.text || "")));

      const meta = document.createElement("p");
      meta.className = "wall-meta";
      const platforms = config.platforms || {};
      const platform = Object.hasOwn(platforms, post.platform)
        ? platforms[post.platform]
        : String(post.platform);
      meta.append(text("span", "wall-platform", platform), " ");
      const time = text("time", "", formatTime(post.createdAt));
      time.setAttribute("datetime", String(post.createdAt));
      const url = safeUrl(post.url);
      if (url) {
        const a = document.createElement("a");
        a.href = url;
        a.target = "_blank";
        a.rel = "noopener nofollow";
        a.appendChild(time);
        meta.appendChild(a);
      } else {
        meta.appendChild(time);
      }
      const names = config.clusters || {};
      const clusters = (Array.isArray(post.clusters) ? post.clusters : []).map((id) =>
        Object.hasOwn(names, id) ? names[id] : String(id),
      );
      meta.append(" ");
      if (clusters.length > 0) meta.appendChild(text("span", "wall-clusters", clusters.join(", ")));
      article.appendChild(meta);

      li.appendChild(article);
      return li;
    }

    function setOnline(online) {
      live.classList.toggle("is-offline", !online);
      liveText.textContent = online ? config.labels.live : config.labels.offline;
    }

    function render(items) {
      const fresh = items.filter((p) => !known.has(String(p.uid))).length;
      const cards = items.map(card);
      list.replaceChildren(...cards);
      empty.hidden = items.length > 0;
      known = new Set(items.map((p) => String(p.uid)));
      const now = new Date();
      updated.textContent = clockFormat.format(now) + config.timeSuffix;
      updated.setAttribute("datetime", now.toISOString());
      // Announce only news: a screen reader should not hear "updated" twice a minute.
      if (fresh > 0) {
        const label = fresh === 1 ? config.labels.newPosts.one : config.labels.newPosts.many;
        status.textContent = label.replace("{n}", numberFormat.format(fresh));
      }
    }

    async function refresh() {
      timer = null;
      if (busy) return;
      busy = true;
      try {
        const res = await fetch(config.api, {
          headers: { accept: "application/json" },
          credentials: "same-origin",
          cache: "no-store",
        });
        if (!res.ok) throw new Error(`HTTP ${res.status}`);
        const body = await res.json();
        if (!body || !Array.isArray(body.items)) throw new Error("unexpected response");
        render(body.items);
        if (live.classList.contains("is-offline")) status.textContent = "";
        setOnline(true);
      } catch (_err) {
        if (!live.classList.contains("is-offline")) status.textContent = config.labels.offline;
        setOnline(false);
      }
      busy = false;
      schedule();
    }

    function schedule() {
      if (timer === null && !document.hidden) timer = setTimeout(refresh, interval);
    }

    // A hidden tab (or a screen switched to another source) does not poll; it catches up when shown again.
    document.addEventListener("visibilitychange", () => {
      if (document.hidden) {
        if (timer !== null) clearTimeout(timer);
        timer = null;
      } else if (timer === null && !busy) {
        refresh();
      }
    });

    schedule();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
