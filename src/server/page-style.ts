/** The page's stylesheet, inlined and allowed by its hash. */

/** CSS shared by the page and the login form. */
export const PAGE_STYLE = `
:root {
  color-scheme: light;
  --ink: #1d2433; --muted: #5b6475; --line: #d8dde6; --bg: #f5f7fa;
  --red: #b42318; --red-bg: #fef3f2; --amber: #93370d; --amber-bg: #fffaeb;
  --green: #067647; --blue: #1849a9;
  font: 15px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif;
}
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--ink); }
h1 { font-size: 1.15rem; margin: 0; }
h2 { font-size: 1rem; margin: 0 0 .6rem; }
h3 { font-size: .95rem; margin: 0 0 .4rem; }
button {
  font: inherit; cursor: pointer; border: 1px solid var(--line);
  background: #fff; color: var(--ink); border-radius: 6px; padding: .3rem .7rem;
}
button:hover { border-color: var(--muted); }
button:focus-visible, input:focus-visible, summary:focus-visible {
  outline: 3px solid var(--blue); outline-offset: 2px;
}
button:disabled { opacity: .6; cursor: progress; }
button.primary {
  background: var(--blue); border-color: var(--blue); color: #fff;
}
.top {
  display: flex; align-items: center; justify-content: space-between;
  padding: .7rem 1.2rem; background: #fff; border-bottom: 1px solid var(--line);
}
.top-actions { display: flex; gap: .6rem; align-items: center; }
main { max-width: 70rem; margin: 0 auto; padding: 1rem 1.2rem 3rem; }
.card {
  background: #fff; border: 1px solid var(--line); border-radius: 8px;
  padding: 1rem; margin-top: 1rem;
}
.bell-wrap { position: relative; }
.bell { display: inline-flex; align-items: center; gap: .3rem; }
.bell svg { width: 1.1rem; height: 1.1rem; }
.badge {
  background: var(--red); color: #fff; border-radius: 999px;
  font-size: .75rem; padding: 0 .45rem; min-width: 1.3rem; text-align: center;
}
.feed {
  position: absolute; right: 0; top: 2.4rem; width: min(26rem, 90vw);
  max-height: 70vh; overflow: auto; z-index: 2; background: #fff;
  border: 1px solid var(--line); border-radius: 8px; padding: .8rem;
  box-shadow: 0 8px 24px rgba(16, 24, 40, .15);
}
.feed ol { list-style: none; margin: 0; padding: 0; }
.feed li { border-top: 1px solid var(--line); padding: .5rem 0; }
.feed li.unread .feed-title::before { content: "\\25CF  "; color: var(--blue); }
.feed-title { font-weight: 600; overflow-wrap: anywhere; }
.feed-body { white-space: pre-wrap; margin: .2rem 0; }
.meta { color: var(--muted); font-size: .85rem; }
.banner { margin-top: 1rem; }
.banner-head {
  border-radius: 8px; padding: .7rem 1rem; font-weight: 600; color: #fff;
  background: var(--amber);
}
.banner-head.definite { background: var(--red); }
.finding {
  border: 1px solid var(--line); border-left-width: 6px; border-radius: 8px;
  padding: .8rem 1rem; margin-top: .6rem; background: #fff;
}
.finding.definite { border-left-color: var(--red); background: var(--red-bg); }
.finding.potential {
  border-left-color: var(--amber); background: var(--amber-bg);
}
.finding summary { cursor: pointer; font-weight: 600; }
.severity {
  text-transform: uppercase; font-size: .72rem; font-weight: 700;
  letter-spacing: .04em; margin-right: .4rem;
}
.definite .severity { color: var(--red); }
.potential .severity { color: var(--amber); }
dl.fields {
  display: grid; grid-template-columns: max-content 1fr; gap: .15rem 1rem;
  margin: .5rem 0;
}
dl.fields dt { color: var(--muted); }
dl.fields dd { margin: 0; overflow-wrap: anywhere; }
code { font-family: ui-monospace, "SFMono-Regular", Menlo, monospace; }
.actions { display: flex; gap: .5rem; margin-top: .4rem; }
.status-ok { color: var(--green); font-weight: 600; }
.status-bad { color: var(--red); font-weight: 600; }
.consumers { list-style: none; margin: 0; padding: 0; }
.consumers li { border-top: 1px solid var(--line); padding: .6rem 0; }
.consumers li.affected .consumer-name { color: var(--red); }
.consumer-name { font-weight: 600; }
.login {
  max-width: 24rem; margin: 12vh auto; background: #fff; padding: 1.5rem;
  border: 1px solid var(--line); border-radius: 8px;
}
.login label { display: block; margin: 1rem 0 .3rem; }
.login input {
  width: 100%; font: inherit; padding: .4rem; border: 1px solid var(--muted);
  border-radius: 6px;
}
.login button { margin-top: 1rem; }
.error { color: var(--red); }
.visually-hidden {
  position: absolute; width: 1px; height: 1px; overflow: hidden;
  clip: rect(0 0 0 0); white-space: nowrap;
}
`;
