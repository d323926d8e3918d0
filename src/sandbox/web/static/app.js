// The sandbox page: one pane per persona (side by side, or tabs on a phone), one live event
// stream for all of them, adding customers, and scanning a card from one pane into another.

import { h, initial } from './html.js';
import { Pane } from './chat.js';

class App {
  constructor() {
    this.panes = new Map(); // persona id → Pane
    this.stringsByLanguage = new Map();
    this.scanner = null; // the pane that is scanning, if any
    this.source = null;
  }

  async boot() {
    const info = await this.api('/api/info');
    this.bot = info.bot;
    this.languages = info.languages;
    this.language = pageLanguage(this.languages);
    const strings = await this.strings(this.language);
    document.documentElement.lang = this.language;
    document.title = strings['sandbox-title'];
    for (const el of document.querySelectorAll('[data-s]')) el.textContent = strings[el.dataset.s];
    this.setUpNewCustomer(strings);
    for (const persona of await this.api('/api/personas')) await this.addPane(persona);
    const customer = [...this.panes.values()].find((p) => p.persona.role === 'customer');
    this.select((customer ?? this.panes.values().next().value)?.persona.id);
    this.connect();
    this.listenToWebApps();
  }

  /** GET when there is no body; POST JSON, or a File/Blob as it is. */
  async api(path, body) {
    let init = {};
    if (body instanceof Blob) {
      init = { method: 'POST', body, headers: { 'content-type': body.type || 'application/octet-stream' } };
    } else if (body !== undefined) {
      init = { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } };
    }
    const response = await fetch(path, init);
    const json = await response.json().catch(() => ({}));
    if (!response.ok) {
      throw Object.assign(new Error(json.message ?? response.statusText), { code: json.error });
    }
    return json;
  }

  strings(language) {
    if (!this.stringsByLanguage.has(language)) {
      this.stringsByLanguage.set(language, this.api(`/api/strings/${language}`));
    }
    return this.stringsByLanguage.get(language);
  }

  async addPane(persona) {
    const pane = new Pane(this, persona, await this.strings(persona.language));
    pane.tab = h('button', { class: 'tab', role: 'tab', 'data-testid': 'tab', 'data-persona': persona.id,
      onclick: () => this.select(persona.id) },
      h('span', { class: `avatar role-${persona.role}` }, initial(persona.name)), h('span', {}, persona.name));
    this.panes.set(persona.id, pane);
    document.getElementById('panes').append(pane.el);
    document.getElementById('tabs').append(pane.tab);
    await pane.refresh();
    return pane;
  }

  /** The pane shown on a phone-width screen (all are shown side by side on wider ones). */
  select(id) {
    for (const [paneId, pane] of this.panes) {
      const active = paneId === id;
      pane.el.classList.toggle('active', active);
      pane.tab.classList.toggle('active', active);
      pane.tab.setAttribute('aria-selected', String(active));
      if (active) pane.tab.classList.remove('unread');
    }
    this.selected = id;
  }

  /** One stream for every pane; a new one after a customer is added. */
  connect() {
    this.source?.close();
    const offline = document.getElementById('offline');
    const source = new EventSource('/api/events');
    source.onopen = () => {
      offline.hidden = true;
      for (const pane of this.panes.values()) pane.refresh();
    };
    source.onerror = () => (offline.hidden = false);
    source.onmessage = (message) => {
      const event = JSON.parse(message.data);
      const pane = this.panes.get(event.chat_id);
      if (!pane) return;
      if (event.kind === 'callback_answer') {
        if (event.text) pane.toast(event.text, event.show_alert);
        return;
      }
      if (event.chat_id !== this.selected) pane.tab.classList.add('unread');
      pane.refresh();
    };
    this.source = source;
  }

  /** Events from the Mini Apps open in the panes (Telegram's postMessage protocol). */
  listenToWebApps() {
    window.addEventListener('message', (event) => {
      for (const pane of this.panes.values()) {
        const view = pane.webApp;
        if (!view || event.source !== view.frame.contentWindow) continue;
        let message = null;
        try {
          message = JSON.parse(event.data);
        } catch {
          return;
        }
        view.receive(message.eventType, message.eventData ?? {});
      }
    });
  }

  /** A Mini App asked for the QR scanner: Scan mode, feeding what is clicked to that app. */
  scanFor(view, prompt) {
    this.stopScan();
    this.scanner = view.pane;
    this.scannerApp = view;
    view.pane.setScanning(true);
    view.setScanning(true, prompt);
    document.body.classList.add('scanning');
  }

  toggleScan(pane) {
    const again = this.scanner === pane;
    this.stopScan();
    if (again) return;
    this.scanner = pane;
    pane.setScanning(true);
    document.body.classList.add('scanning');
  }

  stopScan() {
    this.scanner?.setScanning(false);
    this.scannerApp?.scanClosed();
    this.scannerApp = null;
    this.scanner = null;
    document.body.classList.remove('scanning');
  }

  /** A click on a picture: while a cashier scans, the picture goes to their camera. */
  async photoClicked(pane, fileId, img) {
    const scanner = this.scanner;
    if (!scanner || scanner === pane) {
      this.lightbox(img.src);
      return;
    }
    const app = this.scannerApp;
    if (app) {
      // Telegram's scanner stays open until the Mini App's callback says it has what it wants.
      this.select(scanner.persona.id);
      try {
        const { text } = await this.api('/api/decode', { file_id: fileId });
        app.scanned(text);
      } catch (error) {
        scanner.toast(scanner.t(error.code === 'no-qr' ? 'sandbox-scan-no-qr' : 'sandbox-error'));
      }
      return;
    }
    this.stopScan();
    this.select(scanner.persona.id);
    await scanner.act(async () => {
      try {
        await scanner.api('scan', { file_id: fileId });
      } catch (error) {
        const key = { 'no-qr': 'sandbox-scan-no-qr', 'not-a-bot-link': 'sandbox-scan-not-card' }[error.code];
        if (!key) throw error;
        scanner.toast(scanner.t(key));
      }
    });
  }

  lightbox(src) {
    const overlay = h('div', { class: 'lightbox', onclick: () => overlay.remove() }, h('img', { src, alt: '' }));
    document.body.append(overlay);
  }

  setUpNewCustomer(strings) {
    const dialog = document.getElementById('new-customer');
    const name = h('input', { name: 'name', required: true, maxlength: 64, autocomplete: 'off',
      'data-testid': 'new-customer-name' });
    const language = h('select', { name: 'language', 'data-testid': 'new-customer-language' },
      this.languages.map((l) => h('option', { value: l.code, selected: l.code === this.language }, l.name)));
    const form = h('form', { method: 'dialog' },
      h('label', {}, h('span', {}, strings['sandbox-new-customer-name']), name),
      h('label', {}, h('span', {}, strings['sandbox-new-customer-language']), language),
      h('div', { class: 'buttons' },
        h('button', { type: 'button', onclick: () => dialog.close() }, strings['sandbox-cancel']),
        h('button', { type: 'submit', class: 'primary', 'data-testid': 'new-customer-create' },
          strings['sandbox-new-customer-create'])));
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const persona = await this.api('/api/personas', { name: name.value, language: language.value });
      dialog.close();
      name.value = '';
      const pane = await this.addPane(persona);
      this.connect();
      this.select(persona.id);
      pane.el.scrollIntoView({ behavior: 'smooth', inline: 'end' });
    });
    dialog.append(form);
    document.getElementById('add-customer').addEventListener('click', () => {
      dialog.showModal();
      name.focus();
    });
  }
}

/** ?lang=ru, else the browser's language if we speak it, else English. */
function pageLanguage(languages) {
  const wanted = [new URLSearchParams(location.search).get('lang'), ...navigator.languages];
  for (const code of wanted) {
    const primary = code?.split(/[-_]/)[0].toLowerCase();
    if (languages.some((l) => l.code === primary)) return primary;
  }
  return 'en';
}

const app = new App();
window.sandbox = app; // for poking around in the console
app.boot().catch((error) => {
  console.error(error);
  document.getElementById('offline').hidden = false;
});
