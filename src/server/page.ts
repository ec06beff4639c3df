/**
 * The in-app page and its login form: one self-contained HTML document each,
 * with the style and script inlined and allowed by their hashes.
 */
import { createHash } from 'node:crypto';
import { PAGE_SCRIPT } from './page-script.js';
import { PAGE_STYLE } from './page-style.js';

/** An HTML document and the Content-Security-Policy to send with it. */
export interface RenderedPage {
  readonly html: string;
  readonly csp: string;
}

const STYLE_HASH = cspHash(PAGE_STYLE);
const SCRIPT_HASH = cspHash(PAGE_SCRIPT);

const PAGE_CSP = [
  "default-src 'self'",
  `script-src '${SCRIPT_HASH}'`,
  `style-src '${STYLE_HASH}'`,
  "img-src 'self' data:",
  "connect-src 'self'",
  "form-action 'self'",
  "base-uri 'none'",
  "object-src 'none'",
  "frame-ancestors 'none'",
].join('; ');

const LOGIN_CSP = [
  "default-src 'none'",
  `style-src '${STYLE_HASH}'`,
  'img-src data:',
  "form-action 'self'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

const BELL_ICON =
  '<svg viewBox="0 0 24 24" aria-hidden="true" focusable="false">' +
  '<path fill="currentColor" d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 ' +
  '0 0 12 22Zm7-6V11a7 7 0 0 0-5.5-6.84V3a1.5 1.5 0 0 0-3 0v1.16A7 7 0 0 0 ' +
  '5 11v5l-2 2v1h18v-1l-2-2Z"/></svg>';

/** The page: findings banner, bell, last sync, "Sync now", consumers. */
export function renderPage(): RenderedPage {
  const body = `<header class="top">
<h1>Data Graph monitor</h1>
<div class="top-actions">
<button id="sync-now" class="primary" type="button">Sync now</button>
<div class="bell-wrap">
<button id="bell" class="bell" type="button" aria-expanded="false"
 aria-controls="feed" aria-label="Notifications">${BELL_ICON}
<span id="unread" class="badge" hidden>0</span></button>
<section id="feed" class="feed" hidden aria-labelledby="feed-title">
<h2 id="feed-title" tabindex="-1">Notifications</h2>
<ol id="feed-list"></ol>
<button id="feed-more" type="button" hidden>Show older</button>
</section>
</div>
</div>
</header>
<main>
<section id="banner" class="banner" aria-live="polite"
 aria-label="Open findings" hidden></section>
<section class="card" aria-labelledby="sync-heading">
<h2 id="sync-heading">Last sync</h2>
<div id="sync"><p>Loading…</p></div>
<p id="sync-message" class="meta" role="status"></p>
</section>
<section class="card" aria-labelledby="consumers-heading">
<h2 id="consumers-heading">Consumers</h2>
<ul id="consumers" class="consumers"></ul>
</section>
</main>
<script>${PAGE_SCRIPT}</script>`;
  return { html: documentOf('Data Graph monitor', body), csp: PAGE_CSP };
}

/** The login form; `error` is shown above it when set. */
export function renderLoginPage(error: string | null): RenderedPage {
  const alert =
    error === null
      ? ''
      : `<p class="error" role="alert">${escapeHtml(error)}</p>`;
  const body = `<main class="login">
<h1>Data Graph monitor</h1>
${alert}
<form method="post" action="/login">
<label for="token">Access token (server.token)</label>
<input id="token" name="token" type="password" required
 autocomplete="current-password" autofocus>
<button class="primary" type="submit">Sign in</button>
</form>
</main>`;
  return {
    html: documentOf('Sign in · Data Graph monitor', body),
    csp: LOGIN_CSP,
  };
}

/** Escapes text for an HTML element or a double-quoted attribute. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c);
}

const HTML_ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

function documentOf(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>${escapeHtml(title)}</title>
<style>${PAGE_STYLE}</style>
</head>
<body>
${body}
</body>
</html>
`;
}

function cspHash(text: string): string {
  return `sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}`;
}
