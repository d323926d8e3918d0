// One message as a Telegram app draws it: a bubble (photo, document, text, time) and the inline
// keyboard under it. The bot's text is Telegram HTML, rebuilt safely by renderBotHtml.

import { clock, h, icon, linkify, renderBotHtml } from './html.js';

/** The element of message `m` in `pane`. */
export function renderMessage(pane, m) {
  const onLink = (url, event) => pane.openLink(url, event);
  const bubble = h('div', { class: 'bubble' });
  if (m.photo) bubble.append(photo(pane, m.photo));
  if (m.document) bubble.append(documentLink(pane, m.document));
  const body = m.html != null ? renderBotHtml(m.html, onLink) : m.text ? userText(m, onLink) : null;
  if (body) bubble.append(h('div', { class: 'text' }, body));
  else bubble.classList.add('media-only');
  bubble.append(h('span', { class: 'meta' }, m.edited ? `${pane.t('sandbox-edited')} ` : '', clock(m.date)));
  const el = h('div', { class: `message ${m.from_bot ? 'in' : 'out'}`, 'data-testid': 'message',
    'data-message-id': m.id, 'data-from': m.from_bot ? 'bot' : 'user' }, bubble);
  if (m.inline_keyboard.length) {
    el.append(h('div', { class: 'inline-keyboard' },
      m.inline_keyboard.map((row) => h('div', { class: 'row' }, row.map((b) => inlineButton(pane, m, b))))));
  }
  return el;
}

/** Plain text; an opened deep link (`/start <payload>`) shows its long payload folded. */
function userText(m, onLink) {
  const start = m.from_bot ? null : m.text.match(/^\/start (\S{16,})$/);
  if (!start) return linkify(m.text, onLink);
  return h('span', {}, '/start ', h('span', { class: 'payload', title: start[1] }, start[1]));
}

/** Pictures are what a cashier can scan from another pane: a click goes through the app. */
function photo(pane, fileId) {
  const img = h('img', { class: 'photo', src: `/api/files/${encodeURIComponent(fileId)}`, alt: '',
    'data-file-id': fileId, onclick: () => pane.app.photoClicked(pane, fileId, img) });
  return img;
}

/** Documents (CSV exports) download under the name the bot gave them. */
function documentLink(pane, doc) {
  const href = `/api/files/${encodeURIComponent(doc.file_id)}?download=true`;
  return h('a', { class: 'document', href, download: doc.name, 'data-testid': 'document',
    'data-file-id': doc.file_id },
    h('span', { class: 'doc-icon' }, icon('file')),
    h('span', { class: 'doc-text' }, h('b', {}, doc.name), h('small', {}, pane.t('sandbox-download'))));
}

function inlineButton(pane, m, b) {
  const attrs = { type: 'button', class: 'inline', 'data-testid': 'inline-button' };
  if (b.callback_data != null) {
    return h('button', { ...attrs, 'data-callback': b.callback_data,
      onclick: () => pane.press(m.id, b.callback_data) }, b.text);
  }
  if (b.url) {
    // A click opens the link (a deep link to the bot opens this chat); a right click copies it.
    return h('button', { ...attrs, 'data-url': b.url, title: b.url,
      onclick: (e) => pane.openLink(b.url, e), oncontextmenu: (e) => pane.copyLink(b.url, e) },
      b.text, icon('link'));
  }
  if (b.web_app) {
    return h('button', { ...attrs, 'data-web-app': b.web_app, title: b.web_app,
      onclick: () => pane.openWebApp(b.web_app, b.text) }, b.text);
  }
  // Kinds the sandbox cannot play (inline queries, payments) are shown, inactive.
  return h('button', { ...attrs, disabled: true }, b.text);
}
