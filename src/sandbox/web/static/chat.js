// One pane: a persona's private chat with the bot, drawn like a Telegram app. The server holds
// the truth (the emulator's transcript); the pane fetches it again whenever the bot does
// something in this chat and after every action of its own, and redraws only what changed.

import { clock, h, icon, initial, linkify, renderBotHtml, startPayload } from './html.js';

export class Pane {
  constructor(app, persona, strings) {
    this.app = app;
    this.persona = persona;
    this.strings = strings;
    this.rendered = new Map(); // message id → { sig, el }
    this.commands = [];
    this.keyboardSig = '';
    this.loading = false;
    this.dirty = false;
    this.stick = true; // keep scrolled to the newest message
    this.build();
  }

  t(key) {
    return this.strings[key] ?? key;
  }

  api(action, body) {
    return this.app.api(`/api/chats/${this.persona.id}/${action}`, body);
  }

  build() {
    const p = this.persona;
    const bot = this.app.bot;
    const language = this.app.languages.find((l) => l.code === p.language);
    this.messages = h('div', { class: 'messages' });
    this.empty = h('div', { class: 'empty' }, this.t('sandbox-empty'));
    this.scroller = h('div', { class: 'scroll', onscroll: () => (this.stick = this.atBottom()) },
      this.empty, this.messages);
    this.toastEl = h('div', { class: 'toast', hidden: true, role: 'status',
      onclick: () => (this.toastEl.hidden = true) });
    this.hints = h('ul', { class: 'hints', hidden: true, 'data-testid': 'command-hints' });
    this.input = h('input', { class: 'input', 'data-testid': 'composer-input', autocomplete: 'off',
      placeholder: this.t('sandbox-message-placeholder'), 'aria-label': this.t('sandbox-message-placeholder'),
      enterkeyhint: 'send', oninput: () => this.showHints(false), onkeydown: (e) => this.onKey(e),
      onblur: () => setTimeout(() => this.hideHints(), 150) });
    this.photoInput = h('input', { type: 'file', accept: 'image/*', hidden: true,
      onchange: () => this.upload(this.photoInput) });
    this.form = h('form', { class: 'input-row', onsubmit: (e) => this.submit(e) },
      h('button', { type: 'button', class: 'round menu', 'data-testid': 'menu', title: this.t('sandbox-menu'),
        onclick: () => this.toggleMenu() }, icon('menu')),
      h('button', { type: 'button', class: 'round attach', 'data-testid': 'attach', title: this.t('sandbox-attach'),
        onclick: () => this.photoInput.click() }, icon('attach')),
      this.input,
      h('button', { type: 'submit', class: 'round send', 'data-testid': 'send', title: this.t('sandbox-send') },
        icon('send')));
    this.startButton = h('button', { class: 'start', 'data-testid': 'start', onclick: () => this.send('/start') },
      this.t('sandbox-start'));
    this.keyboard = h('div', { class: 'reply-keyboard', 'data-testid': 'reply-keyboard', hidden: true });
    this.el = h('section', { class: `pane role-${p.role}`, 'data-persona': p.id, 'data-role': p.role,
      'data-language': p.language, lang: p.language },
      h('header', { class: 'owner' },
        h('span', { class: 'avatar' }, initial(p.name)),
        h('span', { class: 'who' }, h('b', {}, p.name), h('small', {}, this.t(`sandbox-role-${p.role}`))),
        h('span', { class: 'lang', title: language?.name ?? p.language }, p.language.toUpperCase())),
      h('div', { class: 'chat-head' },
        h('span', { class: 'avatar bot' }, initial(bot.first_name)),
        h('span', { class: 'who' }, h('b', {}, bot.first_name), h('small', {}, this.t('sandbox-bot'))),
        p.role === 'customer' ? null : this.scanControls()),
      this.banner, this.scroller, this.toastEl,
      h('footer', { class: 'composer' }, this.hints, this.startButton, this.form, this.keyboard,
        this.photoInput));
  }

  /** Staff get Scan: click a card in another pane, or upload a picture of one. */
  scanControls() {
    this.scanButton = h('button', { class: 'scan', 'data-testid': 'scan', 'aria-pressed': 'false',
      onclick: () => this.app.toggleScan(this) }, icon('scan'), h('span', {}, this.t('sandbox-scan')));
    const file = h('input', { type: 'file', accept: 'image/*', hidden: true, onchange: async () => {
      this.app.stopScan();
      await this.upload(file);
    } });
    this.banner = h('div', { class: 'scan-banner', 'data-testid': 'scan-banner', hidden: true },
      h('span', {}, this.t('sandbox-scan-prompt')),
      h('span', { class: 'actions' },
        h('button', { 'data-testid': 'scan-upload', onclick: () => file.click() }, this.t('sandbox-scan-upload')),
        h('button', { onclick: () => this.app.stopScan() }, this.t('sandbox-cancel'))),
      file);
    return this.scanButton;
  }

  setScanning(on) {
    this.el.classList.toggle('scanner', on);
    this.banner.hidden = !on;
    this.scanButton.setAttribute('aria-pressed', String(on));
  }

  async refresh() {
    if (this.loading) {
      this.dirty = true;
      return;
    }
    this.loading = true;
    try {
      do {
        this.dirty = false;
        this.render(await this.api('transcript'));
      } while (this.dirty);
    } catch (error) {
      console.warn('transcript', this.persona.id, error);
    } finally {
      this.loading = false;
    }
  }

  render(transcript) {
    const seen = new Set();
    let added = false;
    const els = transcript.messages.map((m) => {
      seen.add(m.id);
      const sig = JSON.stringify(m);
      const old = this.rendered.get(m.id);
      if (old && old.sig === sig) return old.el;
      added ||= !old;
      const el = this.message(m);
      this.rendered.set(m.id, { sig, el });
      return el;
    });
    for (const id of this.rendered.keys()) if (!seen.has(id)) this.rendered.delete(id);
    this.messages.replaceChildren(...els);
    const empty = els.length === 0;
    this.empty.hidden = !empty;
    this.startButton.hidden = !empty;
    this.form.hidden = empty;
    this.commands = transcript.commands;
    this.renderKeyboard(transcript.reply_keyboard);
    if (added || this.stick) this.scrollDown();
  }

  message(m) {
    const onLink = (url, event) => this.openLink(url, event);
    const bubble = h('div', { class: 'bubble' });
    if (m.photo) bubble.append(this.photo(m.photo));
    if (m.document) {
      const href = `/api/files/${encodeURIComponent(m.document.file_id)}?download=true`;
      bubble.append(h('a', { class: 'document', href, download: m.document.name,
        'data-testid': 'document', 'data-file-id': m.document.file_id },
        h('span', { class: 'doc-icon' }, icon('file')),
        h('span', { class: 'doc-text' }, h('b', {}, m.document.name), h('small', {}, this.t('sandbox-download')))));
    }
    const body = m.html != null ? renderBotHtml(m.html, onLink) : m.text ? linkify(m.text, onLink) : null;
    if (body) bubble.append(h('div', { class: 'text' }, body));
    else bubble.classList.add('media-only');
    bubble.append(h('span', { class: 'meta' }, m.edited ? `${this.t('sandbox-edited')} ` : '', clock(m.date)));
    const el = h('div', { class: `message ${m.from_bot ? 'in' : 'out'}`, 'data-testid': 'message',
      'data-message-id': m.id, 'data-from': m.from_bot ? 'bot' : 'user' }, bubble);
    if (m.inline_keyboard.length) {
      el.append(h('div', { class: 'inline-keyboard' },
        m.inline_keyboard.map((row) => h('div', { class: 'row' }, row.map((b) => this.inlineButton(m, b))))));
    }
    return el;
  }

  photo(fileId) {
    const img = h('img', { class: 'photo', src: `/api/files/${encodeURIComponent(fileId)}`, alt: '',
      'data-file-id': fileId, onclick: () => this.app.photoClicked(this, fileId, img),
      onload: () => this.stick && this.scrollDown() });
    return img;
  }

  inlineButton(m, b) {
    const attrs = { type: 'button', class: 'inline', 'data-testid': 'inline-button' };
    if (b.callback_data != null) {
      return h('button', { ...attrs, 'data-callback': b.callback_data,
        onclick: () => this.press(m.id, b.callback_data) }, b.text);
    }
    if (b.url) {
      return h('button', { ...attrs, 'data-url': b.url, title: b.url,
        onclick: (e) => this.openLink(b.url, e) }, b.text, icon('link'));
    }
    return h('button', { ...attrs, disabled: true }, b.text);
  }

  /** A deep link to our bot opens the chat with /start, as in Telegram; others open a tab. */
  openLink(url, event) {
    const payload = startPayload(url, this.app.bot.username);
    if (payload) {
      event?.preventDefault();
      this.send(`/start ${payload}`);
    } else if (!(event?.currentTarget instanceof HTMLAnchorElement)) {
      window.open(url, '_blank', 'noopener,noreferrer');
    }
  }

  renderKeyboard(rows) {
    const sig = JSON.stringify(rows);
    if (sig === this.keyboardSig) return;
    this.keyboardSig = sig;
    this.keyboard.replaceChildren(...rows.map((row) => h('div', { class: 'row' },
      row.map((label) => h('button', { type: 'button', class: 'key', 'data-testid': 'reply-button',
        onclick: () => this.send(label) }, label)))));
    this.keyboard.hidden = rows.length === 0;
  }

  async send(text) {
    text = text.trim();
    if (!text) return;
    this.hideHints();
    await this.act(() => this.api('send', { text }));
  }

  submit(event) {
    event.preventDefault();
    const text = this.input.value;
    this.input.value = '';
    this.send(text);
  }

  press(messageId, data) {
    return this.act(() => this.api('press', { message_id: messageId, data }));
  }

  async upload(input) {
    const file = input.files[0];
    input.value = '';
    if (file) await this.act(() => this.app.api(`/api/chats/${this.persona.id}/photo`, file));
  }

  /** Runs an action of this persona, then shows its result (the user's own message). */
  async act(action) {
    try {
      await action();
    } catch (error) {
      console.warn(error);
      this.toast(this.t('sandbox-error'));
    }
    this.stick = true;
    await this.refresh();
  }

  showHints(all) {
    const value = this.input.value;
    const show = all || (value.startsWith('/') && !/\s/.test(value));
    const prefix = all ? '' : value.slice(1).toLowerCase();
    const list = show ? this.commands.filter((c) => c.command.startsWith(prefix)) : [];
    this.hints.replaceChildren(...list.map((c) => h('li', { 'data-testid': 'command-hint',
      'data-command': c.command, onmousedown: (e) => e.preventDefault(), onclick: () => {
        this.input.value = '';
        this.send(`/${c.command}`);
      } }, h('b', {}, `/${c.command}`), h('span', {}, c.description))));
    this.hints.hidden = list.length === 0;
  }

  hideHints() {
    this.hints.hidden = true;
  }

  toggleMenu() {
    if (this.hints.hidden) this.showHints(true);
    else this.hideHints();
  }

  onKey(event) {
    if (event.key === 'Escape') this.hideHints();
    const first = this.hints.hidden ? null : this.hints.querySelector('li');
    if (event.key === 'Tab' && first) {
      event.preventDefault();
      this.input.value = `/${first.dataset.command} `;
      this.hideHints();
    }
  }

  /** A callback answer or an error: a toast, or for alerts a note that stays until clicked. */
  toast(text, alert = false) {
    this.toastEl.replaceChildren(text);
    this.toastEl.classList.toggle('alert', alert);
    this.toastEl.hidden = false;
    clearTimeout(this.toastTimer);
    if (!alert) this.toastTimer = setTimeout(() => (this.toastEl.hidden = true), 3000);
  }

  atBottom() {
    const s = this.scroller;
    return s.scrollHeight - s.scrollTop - s.clientHeight < 40;
  }

  scrollDown() {
    this.scroller.scrollTop = this.scroller.scrollHeight;
    this.stick = true;
  }
}
