// Mini Apps in the sandbox: a pane opens one over its chat in an iframe (from the chat's menu
// button or a web_app button), as Telegram's client does. The page inside loads our stand-in
// telegram-web-app.js and speaks Telegram's postMessage events with us: we draw its main
// button and popups, and its QR scanner is the sandbox's Scan (click a card in another pane).

import { h } from './html.js';

export class WebAppView {
  constructor(pane, title, src) {
    this.pane = pane;
    this.frame = h('iframe', { class: 'webapp-frame', src, title, 'data-testid': 'webapp-frame',
      allow: 'clipboard-write' });
    this.main = h('button', { class: 'webapp-main', hidden: true, 'data-testid': 'webapp-main-button',
      onclick: () => this.send('main_button_pressed') });
    this.popup = h('div', { class: 'webapp-popup', hidden: true, 'data-testid': 'webapp-popup' });
    this.scanNote = h('div', { class: 'scan-note', hidden: true, 'data-testid': 'webapp-scanning' },
      h('span', {}), h('button', { onclick: () => pane.app.stopScan() }, pane.t('sandbox-cancel')));
    this.el = h('div', { class: 'webapp', 'data-testid': 'webapp' },
      h('header', {}, h('b', {}, title),
        h('button', { class: 'round', 'data-testid': 'webapp-close', title: '×', onclick: () => this.close() }, '×')),
      this.scanNote, this.frame, this.popup, this.main);
  }

  /** Telegram's QR scanner is open: a note says to click a card in another pane. */
  setScanning(on, prompt) {
    this.scanNote.hidden = !on;
    this.scanNote.firstChild.textContent = `${prompt || ''} ${this.pane.t('sandbox-scan-prompt')}`.trim();
  }

  send(eventType, eventData = {}) {
    this.frame.contentWindow?.postMessage(JSON.stringify({ eventType, eventData }), '*');
  }

  /** One event from the page in the iframe. */
  receive(eventType, data) {
    switch (eventType) {
      case 'web_app_setup_main_button':
        this.main.hidden = !data.is_visible;
        this.main.disabled = !data.is_active || data.is_progress_visible;
        this.main.textContent = data.text;
        if (data.color) this.main.style.background = data.color;
        if (data.text_color) this.main.style.color = data.text_color;
        break;
      case 'web_app_open_scan_qr_popup':
        this.pane.app.scanFor(this, data.text);
        break;
      case 'web_app_close_scan_qr_popup':
        if (this.pane.app.scanner === this.pane) this.pane.app.stopScan();
        break;
      case 'web_app_open_popup':
        this.showPopup(data);
        break;
      case 'web_app_close':
        this.close();
        break;
      default:
    }
  }

  /** A card scanned in another pane: its QR text goes to the page. */
  scanned(text) {
    this.send('qr_text_received', { data: text });
  }

  scanClosed() {
    this.setScanning(false);
    this.send('scan_qr_popup_closed');
  }

  showPopup({ title, message, buttons }) {
    const label = (b) => b.text || { ok: 'OK', close: '×', cancel: this.pane.t('sandbox-cancel') }[b.type] || 'OK';
    const done = (id) => {
      this.popup.hidden = true;
      this.send('popup_closed', id === null ? {} : { button_id: id });
    };
    this.popup.replaceChildren(h('div', { class: 'box' },
      title ? h('b', {}, title) : null, h('p', {}, message),
      h('div', { class: 'buttons' }, (buttons || []).map((b) =>
        h('button', { 'data-testid': 'webapp-popup-button', 'data-button': b.id || b.type, onclick: () => done(b.id ?? null) },
          label(b))))));
    this.popup.hidden = false;
  }

  close() {
    if (this.pane.app.scanner === this.pane) this.pane.app.stopScan();
    this.el.remove();
    this.pane.webApp = null;
  }
}
