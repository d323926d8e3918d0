// The customer's card: the picture with its QR code (large, for the cashier's camera), the
// balance, tier, stamps, coupons and latest operations. It looks again every few seconds
// while open, so a purchase the cashier just posted shows up without a reload.

import { api, errorBox, h, shopColour, show, stampRow, start, t } from './common.js';

const REFRESH_MS = 4000;
let last = null; // the last answer, to redraw only on change
let picture = null; // object URL of the card picture
let pictureKey = null; // what the picture shows (it changes with stamps only)

async function load() {
  let me;
  try {
    me = await api('me');
  } catch (error) {
    if (error.code === 'no_card') {
      show(h('p', { class: 'notice', 'data-testid': 'no-card' }, error.message || t('miniapp-ui-no-card')));
    } else if (!last) {
      show(errorBox(error, load));
    }
    return;
  }
  const json = JSON.stringify(me);
  if (json === last) return;
  last = json;
  const key = JSON.stringify([me.card_number, me.stamps]);
  if (key !== pictureKey) {
    const blob = await api('card.png').catch(() => null);
    if (blob) {
      if (picture) URL.revokeObjectURL(picture);
      picture = URL.createObjectURL(blob);
      pictureKey = key;
    }
  }
  render(me);
}

function render(me) {
  const text = me.text;
  shopColour(me.shop_colour);
  show(
    h('section', { class: 'card', 'data-testid': 'card' },
      h('div', { class: 'card-head' },
        h('span', { class: 'name' }, me.first_name),
        h('span', { class: 'tier', 'data-testid': 'tier' }, text.tier)),
      picture ? h('img', { class: 'qr', src: picture, alt: t('miniapp-ui-card-number'), 'data-testid': 'card-picture' }) : null,
      h('p', { class: 'number' }, h('small', {}, t('miniapp-ui-card-number')), ' ',
        h('b', { 'data-testid': 'card-number' }, me.card_number))),
    h('section', { class: 'facts' },
      h('p', { class: 'balance', 'data-testid': 'balance' }, text.balance),
      text.pending ? h('p', { class: 'hint' }, text.pending) : null,
      text.next_tier ? h('p', { class: 'hint', 'data-testid': 'next-tier' }, text.next_tier) : null,
      text.discount ? h('p', {}, text.discount) : null,
      text.stamps ? h('p', {}, text.stamps) : null,
      stampRow(me.stamps)),
    me.coupons.length
      ? h('section', { class: 'list' }, h('h2', {}, t('miniapp-ui-coupons')),
        h('ul', {}, me.coupons.map((c) => h('li', {}, c))))
      : null,
    h('section', { class: 'list', 'data-testid': 'history' },
      h('h2', {}, t('miniapp-ui-history')),
      me.history.length
        ? h('ul', {}, me.history.map((line) => h('li', {},
          h('span', { class: 'when' }, line.date), h('span', { class: 'what' }, line.what),
          h('b', { class: line.points.startsWith('-') ? 'minus' : 'plus' }, line.points))))
        : h('p', { class: 'hint' }, t('miniapp-ui-history-empty'))),
  );
}

if (start('miniapp-ui-title-card')) {
  load();
  setInterval(() => document.visibilityState === 'visible' && load(), REFRESH_MS);
}
