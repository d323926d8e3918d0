// What both pages share: Telegram's WebApp object, the user's language and texts, the theme,
// and calls to our API with the initData Telegram signed.

export const tg = window.Telegram?.WebApp;

/** The user's language if we speak it, else English. */
export const lang = (() => {
  const code = tg?.initDataUnsafe?.user?.language_code?.split(/[-_]/)[0];
  return window.TEXTS?.[code] ? code : 'en';
})();

export function t(key) {
  return window.TEXTS?.[lang]?.[key] ?? window.TEXTS?.en?.[key] ?? key;
}

/** document.createElement with attributes (on* are listeners) and children. */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else el.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children.flat()) if (c !== null && c !== undefined) el.append(c);
  return el;
}

/** Telegram's theme as CSS variables (Telegram's script sets --tg-theme-*; we follow it). */
function applyTheme() {
  const root = document.documentElement;
  for (const [k, v] of Object.entries(tg?.themeParams ?? {})) {
    root.style.setProperty(`--tg-theme-${k.replaceAll('_', '-')}`, v);
  }
  root.dataset.scheme = tg?.colorScheme ?? 'light';
}

export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    Object.assign(this, { status, code });
  }
}

/** Calls our API as the user Telegram vouches for; a JSON body, a Blob as it is, or a GET. */
export async function api(path, body) {
  const headers = { Authorization: `tma ${tg?.initData ?? ''}` };
  let init = { headers };
  if (body instanceof Blob) {
    init = { method: 'POST', headers: { ...headers, 'Content-Type': body.type || 'application/octet-stream' }, body };
  } else if (body !== undefined) {
    init = { method: 'POST', headers: { ...headers, 'Content-Type': 'application/json' }, body: JSON.stringify(body) };
  }
  const response = await fetch(`/app/api/${path}`, init);
  const type = response.headers.get('content-type') ?? '';
  if (!response.ok) {
    const json = type.includes('json') ? await response.json().catch(() => ({})) : {};
    throw new ApiError(response.status, json.error?.code ?? 'error', json.error?.message ?? t('miniapp-ui-error'));
  }
  return type.includes('json') ? response.json() : response.blob();
}

/** A fresh id for one purchase (kept for its retries). */
export function requestId() {
  if (crypto.randomUUID) return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  return [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
}

/** Sets up the page; false (after saying so) when it was not opened from Telegram. */
export function start(titleKey) {
  document.documentElement.lang = lang;
  document.title = t(titleKey);
  applyTheme();
  tg?.onEvent?.('themeChanged', applyTheme);
  if (!tg?.initData) {
    show(h('p', { class: 'notice', 'data-testid': 'outside' }, t('miniapp-ui-outside-telegram')));
    return false;
  }
  tg.ready();
  tg.expand?.();
  return true;
}

export function show(...children) {
  // replaceChildren would write a null as the text "null".
  document.getElementById('app').replaceChildren(...children.filter((c) => c !== null && c !== undefined));
}

export function errorBox(error, retry) {
  return h('div', { class: 'notice error', role: 'alert', 'data-testid': 'error' },
    h('p', {}, error?.message ?? t('miniapp-ui-error')),
    retry ? h('button', { onclick: retry }, t('miniapp-ui-retry')) : null);
}

/** The shop's colour (as on the card picture) accents the page. */
export function shopColour(colour) {
  if (/^#[0-9a-f]{6}$/i.test(colour ?? '')) document.documentElement.style.setProperty('--shop-colour', colour);
}

/** Stamps as circles, the collected ones filled. */
export function stampRow(stamps) {
  if (!stamps) return null;
  return h('div', { class: 'stamps', 'aria-hidden': 'true' },
    Array.from({ length: stamps.every }, (_, i) => h('span', { class: i < stamps.collected ? 'stamp on' : 'stamp' })));
}
