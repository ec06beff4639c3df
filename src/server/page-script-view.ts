/**
 * The page script's rendering half: it builds DOM nodes from API data.
 * Every value goes in through textContent, never through HTML parsing, so a
 * table named `<script>` shows as text. Plain browser JavaScript in a string:
 * the page has no build step.
 */

/** Browser JavaScript defining `h`, `renderBanner`, `renderSync`, etc. */
export const PAGE_SCRIPT_VIEW = String.raw`
var DAY_MS = 24 * 60 * 60 * 1000;

function h(tag, className, content) {
  var node = document.createElement(tag);
  if (className) node.className = className;
  var parts = Array.isArray(content) ? content : [content];
  parts.forEach(function (part) {
    if (part === null || part === undefined) return;
    node.append(typeof part === 'object' ? part : String(part));
  });
  return node;
}

function fields(rows) {
  var list = h('dl', 'fields');
  rows.forEach(function (row) {
    list.append(h('dt', '', row[0]), h('dd', '', row[1]));
  });
  return list;
}

function when(iso) {
  if (!iso) return '—';
  var ms = Date.now() - Date.parse(iso);
  var ago = ms < 90000 ? Math.max(0, Math.round(ms / 1000)) + ' s ago'
    : ms < 5400000 ? Math.round(ms / 60000) + ' min ago'
    : ms < 2 * DAY_MS ? Math.round(ms / 3600000) + ' h ago'
    : Math.round(ms / DAY_MS) + ' days ago';
  return iso + ' (' + ago + ')';
}

function describeValue(value) {
  if (!value) return 'none';
  if (value.left && value.right) {
    return describeSide(value.left) + ' = ' + describeSide(value.right);
  }
  if (value.kind) return value.kind.replace(/_/g, ' ');
  return value.type + ' (' + value.family + ')';
}

function describeSide(side) {
  return side.tableRef + '.' + side.column + ' ' + side.type;
}

function isQuiet(finding) {
  var snoozed = finding.snoozedUntil &&
    Date.parse(finding.snoozedUntil) > Date.now();
  return finding.acknowledged || Boolean(snoozed);
}

function findingDetails(finding, actions) {
  var uses = finding.uses.map(function (use) {
    return use.subject + ' (' + use.role + ')';
  });
  var consumers = finding.affectedConsumers.map(function (c) {
    return c.name + ' (' + c.id + ')';
  });
  var rows = [
    ['Kind', finding.kind],
    ['Table', h('code', '', finding.tableRef)],
    ['Column', finding.column === null ? '—' : h('code', '', finding.column)],
    ['Before', describeValue(finding.before)],
    ['After', describeValue(finding.after)],
    ['Used by', uses.join(', ') || '—'],
    ['Affected consumers', consumers.join(', ') || 'none'],
    ['Suggestion', finding.suggestion || '—'],
    ['Open since', when(finding.firstSeenAt)]
  ];
  if (finding.snoozedUntil) rows.push(['Snoozed until', finding.snoozedUntil]);
  return [fields(rows), actions(finding)];
}

function findingView(finding, actions, expanded) {
  var label = h('span', 'severity', finding.severity);
  var title = [label, finding.message];
  var node;
  if (isQuiet(finding)) {
    node = h('details', 'finding ' + finding.severity + ' quiet');
    node.open = expanded.has(finding.key);
    node.addEventListener('toggle', function () {
      if (node.open) expanded.add(finding.key);
      else expanded.delete(finding.key);
    });
    var state = finding.acknowledged ? 'acknowledged' : 'snoozed';
    node.append(h('summary', '', title.concat([' — ' + state])));
  } else {
    node = h('article', 'finding ' + finding.severity);
    node.append(h('h3', '', title));
  }
  node.dataset.key = finding.key;
  findingDetails(finding, actions).forEach(function (part) {
    node.append(part);
  });
  return node;
}

function renderBanner(root, findings, actions, expanded) {
  var definite = findings.filter(function (f) {
    return f.severity === 'definite';
  }).length;
  var potential = findings.length - definite;
  root.replaceChildren();
  root.hidden = findings.length === 0;
  if (findings.length === 0) return;
  var parts = [];
  if (definite) parts.push(definite + ' definite');
  if (potential) parts.push(potential + ' potential');
  var head = h('div', 'banner-head' + (definite ? ' definite' : ''),
    parts.join(' and ') + ' breaking change' +
    (findings.length === 1 ? '' : 's') + ' open');
  root.append(head);
  var loud = findings.filter(function (f) { return !isQuiet(f); });
  var quiet = findings.filter(isQuiet);
  loud.concat(quiet).forEach(function (finding) {
    root.append(findingView(finding, actions, expanded));
  });
}

function renderSync(root, status) {
  var sync = status.lastSync;
  root.replaceChildren();
  if (!sync) {
    root.append(h('p', '', 'No sync has run yet.'));
    return;
  }
  var good = sync.status === 'ok';
  var unknown = sync.unknown.map(function (u) {
    return u.database + ': ' + u.reason;
  });
  var reachable = status.warehouse.reachable;
  root.append(fields([
    ['Status', h('span', good ? 'status-ok' : 'status-bad', sync.status)],
    ['Sync', sync.id === null ? '—' : '#' + sync.id],
    ['Started', when(sync.startedAt)],
    ['Finished', sync.finishedAt ? when(sync.finishedAt) : 'running'],
    ['Error', sync.error || '—'],
    ['Not read', unknown.join('; ') || '—'],
    ['Warehouse', reachable === null ? 'not checked yet'
      : reachable ? 'reachable' : 'unreachable (' +
        status.warehouse.consecutiveFailures + ' failed syncs in a row)'],
    ['Alerts waiting', status.outbox.pending + ' pending, ' +
      status.outbox.dead + ' undeliverable']
  ]));
}

function renderConsumers(root, consumers) {
  root.replaceChildren();
  if (consumers.length === 0) {
    root.append(h('li', '', 'No consumers are declared.'));
  }
  consumers.forEach(function (c) {
    var affected = c.openFindings.length > 0;
    var item = h('li', affected ? 'affected' : '', [
      h('span', 'consumer-name', c.name),
      ' ',
      h('span', 'meta', '(' + c.id + ', ' + c.type +
        (c.owner ? ', ' + c.owner : '') + ')')
    ]);
    item.append(fields([
      ['Depends on', c.path.join(' → ') || '—'],
      ['Open findings', affected ? c.openFindings.join(', ') : 'none']
    ]));
    root.append(item);
  });
}

function feedItemView(item) {
  var node = h('li', (item.readAt ? '' : 'unread ') + item.severity, [
    h('div', 'feed-title', item.title),
    h('div', 'feed-body', item.body),
    h('div', 'meta', item.severity + ' · ' + when(item.createdAt))
  ]);
  return node;
}
`;
