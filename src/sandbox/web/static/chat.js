// One pane: a persona's private chat with the bot, drawn like a Telegram app. The server holds
// the truth (the emulator's transcript); the pane fetches it again whenever the bot does
// something in this chat and after every action of its own, and redraws only what changed.

import { Composer } from './composer.js';
import { h, icon, initial, startPayload } from './html.js';
import { renderMessage } from './message.js';
import { WebAppView } from './webapp.js';

export class Pane {
  constructor(app, persona, strings) {
    this.app = app;
    this.persona = persona;
    this.strings = strings;
    this.rendered = new Map(); // message id → { sig, el }
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
    this.scroller = h('div', { class: 'scroll', onscroll: () => this.onScroll() }, this.empty, this.messages);
    // Pictures and fonts arrive after the text: stay at the newest message while they do.
    const follow = new ResizeObserver(() => this.stick && this.scrollDown());
    follow.observe(this.messages);
    follow.observe(this.scroller);
    this.toastEl = h('div', { class: 'toast', hidden: true, role: 'status',
      onclick: () => (this.toastEl.hidden = true) });
    this.composer = new Composer(this);
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
      this.banner, this.scroller, this.toastEl, this.composer.el);
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

  setScanning(on, prompt) {
    this.el.classList.toggle('scanner', on);
    if (!this.banner) return;
    this.banner.hidden = !on;
    this.banner.firstChild.textContent = prompt || this.t('sandbox-scan-prompt');
    this.scanButton.setAttribute('aria-pressed', String(on));
  }

  /** Opens a Mini App over the chat, as Telegram does, with initData signed for this persona. */
  async openWebApp(url, title) {
    try {
      const { src } = await this.api('web_app', { url });
      this.webApp?.close();
      this.webApp = new WebAppView(this, title, src);
      this.el.append(this.webApp.el);
    } catch (error) {
      console.warn(error);
      this.toast(this.t('sandbox-error'));
    }
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
      const el = renderMessage(this, m);
      this.rendered.set(m.id, { sig, el });
      return el;
    });
    for (const id of this.rendered.keys()) if (!seen.has(id)) this.rendered.delete(id);
    this.messages.replaceChildren(...els);
    this.empty.hidden = els.length > 0;
    this.composer.render(transcript);
    if (added || this.stick) this.scrollDown();
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

  copyLink(url, event) {
    event.preventDefault();
    navigator.clipboard.writeText(url).then(() => this.toast(this.t('sandbox-link-copied')),
      () => this.toast(url));
  }

  async send(text) {
    text = text.trim();
    if (!text) return;
    this.composer.hideHints();
    await this.act(() => this.api('send', { text }));
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

  /** A callback answer or an error: a toast, or for alerts a note that stays until clicked. */
  toast(text, alert = false) {
    this.toastEl.replaceChildren(text);
    this.toastEl.classList.toggle('alert', alert);
    this.toastEl.hidden = false;
    clearTimeout(this.toastTimer);
    if (!alert) this.toastTimer = setTimeout(() => (this.toastEl.hidden = true), 3000);
  }

  /** Only the user's own scrolling decides whether to follow new messages; the events of our
   * own scrollDown arrive late, when pictures may have grown the chat, and are ignored. */
  onScroll() {
    const s = this.scroller;
    if (Math.abs(s.scrollTop - this.autoTop) < 2) return;
    this.stick = s.scrollHeight - s.scrollTop - s.clientHeight < 40;
  }

  scrollDown() {
    this.scroller.scrollTop = this.scroller.scrollHeight;
    this.autoTop = this.scroller.scrollTop;
    this.stick = true;
  }
}
