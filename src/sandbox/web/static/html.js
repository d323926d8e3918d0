// DOM helpers and the safe rendering of what the bot sent.
//
// The bot's messages are Telegram HTML (b, i, u, s, code, pre, a, tg-spoiler, blockquote). They
// are parsed into an inert document (DOMParser runs no scripts and loads nothing), then rebuilt
// node by node from a whitelist: only text and the allowed tags survive, the only attribute kept
// is a link's href, and only for http(s) and tg: links. Nothing untrusted goes through innerHTML.

/** h('div', {class: 'x', onclick: f}, 'text', child) builds an element. */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on')) el.addEventListener(key.slice(2), value);
    else if (key === 'class') el.className = value;
    else el.setAttribute(key, value === true ? '' : value);
  }
  el.append(...children.flat().filter((c) => c !== null && c !== undefined && c !== false));
  return el;
}

const SIMPLE = {
  b: 'b', strong: 'b', i: 'i', em: 'i', u: 'u', ins: 'u',
  s: 's', strike: 's', del: 's', code: 'code', pre: 'pre', blockquote: 'blockquote',
};

/** Telegram HTML → a DocumentFragment; `onLink(url, event)` handles clicks on links. */
export function renderBotHtml(raw, onLink) {
  const doc = new DOMParser().parseFromString(`<!doctype html><body>${raw}`, 'text/html');
  return convert(doc.body, onLink, false);
}

function convert(node, onLink, inLink) {
  const out = document.createDocumentFragment();
  for (const child of node.childNodes) {
    if (child.nodeType === Node.TEXT_NODE) {
      out.append(inLink ? child.textContent : linkify(child.textContent, onLink));
      continue;
    }
    if (child.nodeType !== Node.ELEMENT_NODE) continue;
    const tag = child.tagName.toLowerCase();
    let el = null;
    if (SIMPLE[tag]) {
      el = document.createElement(SIMPLE[tag]);
    } else if (tag === 'a') {
      const href = child.getAttribute('href') || '';
      el = safeUrl(href) ? link(href, onLink) : document.createElement('span');
    } else if (tag === 'tg-spoiler' || (tag === 'span' && child.classList.contains('tg-spoiler'))) {
      el = spoiler();
    }
    const inner = convert(child, onLink, inLink || tag === 'a');
    if (el) {
      el.append(inner);
      out.append(el);
    } else {
      out.append(inner); // unknown tags are dropped, their text kept
    }
  }
  return out;
}

/** Plain text with its http(s) links made clickable, as Telegram apps do. */
export function linkify(text, onLink) {
  const out = document.createDocumentFragment();
  const pattern = /https?:\/\/[^\s<>"']+/g;
  let last = 0;
  for (const match of text.matchAll(pattern)) {
    let url = match[0];
    const trailing = url.match(/[.,;:!?)\]]+$/);
    if (trailing) url = url.slice(0, -trailing[0].length);
    out.append(text.slice(last, match.index));
    out.append(link(url, onLink, url));
    last = match.index + url.length;
  }
  out.append(text.slice(last));
  return out;
}

function safeUrl(href) {
  try {
    return ['http:', 'https:', 'tg:'].includes(new URL(href).protocol);
  } catch {
    return false;
  }
}

function link(href, onLink, text) {
  const a = h('a', { href, target: '_blank', rel: 'noopener noreferrer' }, text ?? '');
  a.addEventListener('click', (event) => onLink(href, event));
  return a;
}

function spoiler() {
  const el = h('span', { class: 'spoiler' });
  el.addEventListener('click', () => el.classList.add('revealed'), { once: true });
  return el;
}

/** The start payload of https://t.me/<bot>?start=<payload>, or null for any other link. */
export function startPayload(href, botUsername) {
  let url;
  try {
    url = new URL(href);
  } catch {
    return null;
  }
  if (!['t.me', 'telegram.me', 'www.t.me'].includes(url.hostname)) return null;
  if (url.pathname.replace(/^\/+|\/+$/g, '').toLowerCase() !== botUsername.toLowerCase()) {
    return null;
  }
  const payload = url.searchParams.get('start');
  return payload && /^[A-Za-z0-9_-]{1,64}$/.test(payload) ? payload : null;
}

/** HH:MM in the browser's time zone. */
export function clock(unixSeconds) {
  const d = new Date(unixSeconds * 1000);
  return `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
}

const ICONS = {
  send: 'M3 20.5 21.5 12 3 3.5v6.6L16 12 3 13.9z',
  attach:
    'M16.5 6v11.5a4 4 0 0 1-8 0V5a2.5 2.5 0 0 1 5 0v10.5a1 1 0 0 1-2 0V6H10v9.5a2.5 2.5 0 0 0 5 0V5a4 4 0 0 0-8 0v12.5a5.5 5.5 0 0 0 11 0V6z',
  scan: 'M3 3h6v2H5v4H3zm12 0h6v6h-2V5h-4zM3 15h2v4h4v2H3zm16 0h2v6h-6v-2h4zM7 11h10v2H7z',
  file: 'M14 2H6a2 2 0 0 0-2 2v16a2 2 0 0 0 2 2h12a2 2 0 0 0 2-2V8zm-1 7V3.5L18.5 9z',
  link: 'M14 3h7v7h-2V6.4l-9.3 9.3-1.4-1.4L17.6 5H14zM5 5h5v2H5v12h12v-5h2v5a2 2 0 0 1-2 2H5a2 2 0 0 1-2-2V7a2 2 0 0 1 2-2z',
  menu: 'M3 6h18v2H3zm0 5h18v2H3zm0 5h18v2H3z',
  keyboard:
    'M20 5H4a2 2 0 0 0-2 2v10a2 2 0 0 0 2 2h16a2 2 0 0 0 2-2V7a2 2 0 0 0-2-2zm-9 3h2v2h-2zm0 3h2v2h-2zM8 8h2v2H8zm0 3h2v2H8zm-1 2H5v-2h2zm0-3H5V8h2zm9 7H8v-2h8zm0-4h-2v-2h2zm0-3h-2V8h2zm3 3h-2v-2h2zm0-3h-2V8h2z',
};

/** A small inline SVG icon (built as DOM, like everything else). */
export function icon(name) {
  const ns = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(ns, 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('class', `icon icon-${name}`);
  const path = document.createElementNS(ns, 'path');
  path.setAttribute('d', ICONS[name]);
  svg.append(path);
  return svg;
}

/** The first letter of a name, for round avatars. */
export function initial(name) {
  return Array.from(name.trim())[0]?.toUpperCase() ?? '?';
}
