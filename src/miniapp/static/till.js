// The cashier's till: Scan (Telegram's QR scanner, closed on the first card link read; or a
// typed number or a photo where there is no scanner), the card screen, the amount and Post
// (Telegram's MainButton), the receipt with Undo. Every action is one call to our API, which
// runs the same use cases as the chat's till.

import { ApiError, api, errorBox, h, requestId, shopColour, show, stampRow, start, t, tg } from './common.js';

const main = tg?.MainButton;
let onMain = null;

function mainButton(text, action) {
  if (!main) return;
  if (onMain) main.offClick(onMain);
  onMain = action;
  if (!action) {
    main.hide();
    return;
  }
  main.setText(text);
  main.onClick(action);
  main.enable();
  main.show();
}

function scanScreen(error) {
  mainButton(null, null);
  const number = h('input', { inputmode: 'numeric', autocomplete: 'off', placeholder: t('miniapp-ui-number-placeholder'),
    'data-testid': 'number', 'aria-label': t('miniapp-ui-card-number') });
  const photo = h('input', { type: 'file', accept: 'image/*', hidden: true, onchange: () => {
    const file = photo.files[0];
    if (file) open(() => api('till/scan', file));
  } });
  show(
    h('section', { class: 'scan' },
      h('button', { class: 'primary big', 'data-testid': 'scan', onclick: scan }, t('miniapp-ui-scan')),
      h('p', { class: 'hint' }, t('miniapp-ui-or-number')),
      h('form', { class: 'row', onsubmit: (e) => {
        e.preventDefault();
        if (number.value.trim()) open(() => api('till/open', { qr: number.value }));
      } }, number, h('button', { type: 'submit', 'data-testid': 'open' }, t('miniapp-ui-open'))),
      h('button', { class: 'link', onclick: () => photo.click() }, t('miniapp-ui-photo')), photo),
    error ? errorBox(error) : null,
  );
}

function scan() {
  if (!tg?.showScanQrPopup) return;
  try {
    tg.showScanQrPopup({ text: t('miniapp-ui-scan-prompt') }, (text) => {
      // Anything but a card link (a payment QR, a URL) keeps the scanner open.
      if (!/start=c_|^\s*[\d ]{12,}\s*$/.test(text)) return false;
      open(() => api('till/open', { qr: text }));
      return true;
    });
  } catch (e) {
    // Clients without the scanner: the number and photo fields stay.
    console.warn('no QR scanner', e);
  }
}

async function open(call) {
  try {
    cardScreen(await call());
  } catch (error) {
    scanScreen(error);
  }
}

function cardScreen(card, error) {
  const text = card.text;
  shopColour(card.shop_colour);
  const amount = h('input', { inputmode: 'decimal', autocomplete: 'off', enterkeyhint: 'done', placeholder: '0.00',
    'data-testid': 'amount', 'aria-label': t('miniapp-ui-amount') });
  let id = requestId();
  let busy = false;
  const post = async (confirmDuplicate = false) => {
    if (busy || !amount.value.trim()) return;
    busy = true;
    main?.showProgress?.();
    try {
      const receipt = await api('till/purchase', { card: card.card, amount: amount.value, request_id: id,
        confirm_duplicate: confirmDuplicate });
      receiptScreen(card, receipt);
    } catch (e) {
      if (e instanceof ApiError && e.code === 'duplicate') {
        const again = (ok) => ok && post(true);
        if (tg?.showConfirm) tg.showConfirm(e.message, again);
        else again(window.confirm(e.message));
      } else {
        // A network failure keeps the id: the retry cannot post twice.
        if (e instanceof ApiError) id = requestId();
        note.replaceChildren(errorBox(e));
      }
    } finally {
      busy = false;
      main?.hideProgress?.();
    }
  };
  const note = h('div', {}, error ? errorBox(error) : null);
  show(
    h('section', { class: 'card till-card', 'data-testid': 'till-card' },
      h('div', { class: 'card-head' },
        h('span', { class: 'name', 'data-testid': 'customer' }, card.first_name),
        h('span', { class: 'masked' }, card.masked)),
      h('p', { class: 'balance', 'data-testid': 'balance' }, text.balance),
      h('p', {}, text.tier),
      text.discount ? h('p', { class: 'discount' }, text.discount) : null,
      text.stamps ? h('p', {}, text.stamps) : null,
      stampRow(card.stamps),
      card.coupons.length ? h('p', {}, card.coupons.join(', ')) : null),
    h('form', { class: 'amount', onsubmit: (e) => {
      e.preventDefault();
      post();
    } },
      h('label', {}, t('miniapp-ui-amount'), amount),
      // Telegram draws Post as its MainButton; elsewhere the page has its own.
      main ? null : h('button', { type: 'submit', class: 'primary', 'data-testid': 'post' }, t('miniapp-ui-post'))),
    note,
    card.has_points ? redeemForm(card) : null,
    h('button', { class: 'link', 'data-testid': 'close', onclick: () => scanScreen() }, t('miniapp-ui-close-card')),
  );
  mainButton(t('miniapp-ui-post'), () => post());
  amount.focus();
}

/** Spending points: the customer is asked in their chat, as from the chat's till. */
function redeemForm(card) {
  const points = h('input', { inputmode: 'numeric', autocomplete: 'off', 'data-testid': 'redeem-points',
    'aria-label': t('miniapp-ui-points'), placeholder: t('miniapp-ui-points') });
  const note = h('div');
  let id = requestId();
  return h('form', { class: 'redeem', onsubmit: async (e) => {
    e.preventDefault();
    if (!points.value.trim()) return;
    try {
      const asked = await api('till/redeem', { card: card.card, points: points.value, request_id: id });
      note.replaceChildren(h('p', { class: 'notice', 'data-testid': 'redeem-asked' }, asked.text));
      id = requestId();
    } catch (error) {
      if (error instanceof ApiError) id = requestId();
      note.replaceChildren(errorBox(error));
    }
  } },
    h('p', { class: 'hint' }, t('miniapp-ui-redeem-hint')),
    h('div', { class: 'row' }, points, h('button', { type: 'submit', 'data-testid': 'redeem' }, t('miniapp-ui-redeem'))),
    note);
}

function receiptScreen(card, receipt) {
  const note = h('div');
  const undo = h('button', { 'data-testid': 'undo', onclick: async () => {
    undo.disabled = true;
    try {
      const undone = await api('till/undo', { receipt: receipt.receipt });
      note.replaceChildren(h('div', { class: 'notice', 'data-testid': 'undone' }, undone.text.map((l) => h('p', {}, l))));
      undo.remove();
    } catch (e) {
      note.replaceChildren(errorBox(e));
      undo.disabled = false;
    }
  } }, t('miniapp-ui-undo'));
  show(
    h('section', { class: 'receipt', 'data-testid': 'receipt' }, receipt.text.map((l) => h('p', {}, l))),
    h('div', { class: 'row' }, undo),
    note,
  );
  mainButton(t('miniapp-ui-next-customer'), () => scanScreen());
  tg?.HapticFeedback?.notificationOccurred?.('success');
}

if (start('miniapp-ui-title-till')) scanScreen();
