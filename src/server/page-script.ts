/**
 * The page script: loads the API with fetch, wires the buttons and polls.
 * Plain browser JavaScript in a string, inlined under a CSP hash.
 */
import { PAGE_SCRIPT_VIEW } from './page-script-view.js';

/** Browser JavaScript wiring the page's controls to the API. */
const PAGE_SCRIPT_APP = String.raw`
var REFRESH_MS = 30000;
var POLL_MS = 1000;
var POLL_LIMIT_MS = 15 * 60 * 1000;
var FEED_PAGE = 20;
var expanded = new Set();
var feedNext = null;
var byId = function (id) { return document.getElementById(id); };

async function call(method, path, body) {
  var init = { method: method, headers: { Accept: 'application/json' } };
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  var res = await fetch(path, init);
  // An expired session: reloading shows the login form.
  if (res.status === 401) {
    location.reload();
    throw new Error('signed out');
  }
  var data = await res.json().catch(function () { return {}; });
  return { status: res.status, data: data };
}

function say(text) {
  byId('sync-message').textContent = text;
}

function findingActions(finding) {
  var path = '/api/findings/' + encodeURIComponent(finding.key);
  var ack = h('button', '', 'Acknowledge');
  ack.type = 'button';
  ack.disabled = finding.acknowledged;
  ack.addEventListener('click', function () {
    act(ack, path + '/ack', undefined, 'Acknowledged.');
  });
  var snooze = h('button', '', 'Snooze 24 h');
  snooze.type = 'button';
  snooze.addEventListener('click', function () {
    var until = new Date(Date.now() + DAY_MS).toISOString();
    act(snooze, path + '/snooze', { until: until }, 'Snoozed for 24 h.');
  });
  return h('div', 'actions', [ack, snooze]);
}

async function act(button, path, body, done) {
  button.disabled = true;
  var res = await call('POST', path, body);
  say(res.status === 200 ? done : 'Failed: ' + res.data.error);
  await refreshStatus();
}

async function refreshStatus() {
  var res = await call('GET', '/api/status');
  if (res.status !== 200) return null;
  renderBanner(byId('banner'), res.data.findings, findingActions, expanded);
  renderSync(byId('sync'), res.data);
  return res.data;
}

async function refreshConsumers() {
  var res = await call('GET', '/api/consumers');
  if (res.status !== 200) return;
  renderConsumers(byId('consumers'), res.data.consumers);
}

function showUnread(count) {
  var badge = byId('unread');
  badge.textContent = String(count);
  badge.hidden = count === 0;
  byId('bell').setAttribute('aria-label',
    'Notifications, ' + count + ' unread');
}

async function loadFeed(isFirst) {
  var query = '?limit=' + FEED_PAGE +
    (isFirst || feedNext === null ? '' : '&before=' + feedNext);
  var res = await call('GET', '/api/notifications' + query);
  if (res.status !== 200) return;
  var list = byId('feed-list');
  if (isFirst) list.replaceChildren();
  res.data.items.forEach(function (item) { list.append(feedItemView(item)); });
  if (isFirst && res.data.items.length === 0) {
    list.append(h('li', 'meta', 'No notifications yet.'));
  }
  feedNext = res.data.nextBefore;
  byId('feed-more').hidden = feedNext === null;
  showUnread(res.data.unread);
}

async function toggleFeed() {
  var bell = byId('bell');
  var panel = byId('feed');
  var isOpening = panel.hidden;
  panel.hidden = !isOpening;
  bell.setAttribute('aria-expanded', String(isOpening));
  if (!isOpening) return;
  await loadFeed(true);
  var res = await call('POST', '/api/notifications/read');
  if (res.status === 200) showUnread(res.data.unread);
  byId('feed-title').focus();
}

function isFinished(sync, target, before) {
  if (!sync || !sync.finishedAt) return false;
  if (target !== null) return sync.id !== null && sync.id >= target;
  return !before || sync.id !== before.id || !before.finishedAt;
}

async function syncNow() {
  var button = byId('sync-now');
  button.disabled = true;
  var before = (await refreshStatus() || {}).lastSync || null;
  var res = await call('POST', '/api/sync');
  var target = res.status === 202 ? res.data.syncId : null;
  if (res.status === 202) say('Sync #' + target + ' started…');
  else if (res.status === 409) say('A sync is already running; waiting…');
  else {
    say('Sync could not start: ' + res.data.error);
    button.disabled = false;
    return;
  }
  var started = Date.now();
  var timer = setInterval(async function () {
    var status = await refreshStatus();
    var sync = status && status.lastSync;
    var isDone = isFinished(sync, target, before);
    if (!isDone && Date.now() - started < POLL_LIMIT_MS) return;
    clearInterval(timer);
    button.disabled = false;
    say(isDone ? 'Sync #' + sync.id + ' finished: ' + sync.status + '.'
      : 'The sync is taking long; the page keeps refreshing.');
    refreshConsumers();
    loadFeed(true);
  }, POLL_MS);
}

function start() {
  byId('sync-now').addEventListener('click', syncNow);
  byId('bell').addEventListener('click', toggleFeed);
  byId('feed-more').addEventListener('click', function () { loadFeed(false); });
  document.addEventListener('keydown', function (event) {
    if (event.key === 'Escape' && !byId('feed').hidden) toggleFeed();
  });
  refreshStatus();
  refreshConsumers();
  loadFeed(true);
  setInterval(function () {
    refreshStatus();
    if (byId('feed').hidden) loadFeed(true);
  }, REFRESH_MS);
}

start();
`;

/** The whole page script, scoped so nothing leaks into `window`. */
export const PAGE_SCRIPT = [
  '(function () {',
  "'use strict';",
  PAGE_SCRIPT_VIEW,
  PAGE_SCRIPT_APP,
  '})();',
  '',
].join('\n');
