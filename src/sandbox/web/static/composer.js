// The bottom of a chat: the Start button of a new chat, the text input with the command menu
// (typing "/" lists the commands the bot registered for this chat and language), photo
// upload, and the bot's reply keyboard, which can be folded away as in Telegram.

import { h, icon } from './html.js';

export class Composer {
  constructor(pane) {
    this.pane = pane;
    this.commands = [];
    this.keyboardSig = '';
    const t = (key) => pane.t(key);
    this.hints = h('ul', { class: 'hints', hidden: true, 'data-testid': 'command-hints' });
    this.input = h('input', { class: 'input', 'data-testid': 'composer-input', autocomplete: 'off',
      placeholder: t('sandbox-message-placeholder'), 'aria-label': t('sandbox-message-placeholder'),
      enterkeyhint: 'send', oninput: () => this.showHints(false), onkeydown: (e) => this.onKey(e),
      onblur: () => setTimeout(() => this.hideHints(), 150) });
    const photoInput = h('input', { type: 'file', accept: 'image/*', hidden: true,
      onchange: () => pane.upload(photoInput) });
    this.keyboardToggle = h('button', { type: 'button', class: 'round', 'data-testid': 'keyboard-toggle',
      hidden: true, onclick: () => this.toggleKeyboard() }, icon('keyboard'));
    // The chat's menu button when the bot made it open a Mini App ("Card", "Till").
    this.appButton = h('button', { type: 'button', class: 'menu-app', 'data-testid': 'menu-web-app', hidden: true,
      onclick: () => this.menuApp && pane.openWebApp(this.menuApp.url, this.menuApp.text) });
    this.form = h('form', { class: 'input-row', onsubmit: (e) => this.submit(e) },
      this.appButton,
      h('button', { type: 'button', class: 'round menu', 'data-testid': 'menu', title: t('sandbox-menu'),
        onclick: () => this.toggleMenu() }, icon('menu')),
      h('button', { type: 'button', class: 'round', 'data-testid': 'attach', title: t('sandbox-attach'),
        onclick: () => photoInput.click() }, icon('attach')),
      this.input, this.keyboardToggle,
      h('button', { type: 'submit', class: 'round send', 'data-testid': 'send', title: t('sandbox-send') },
        icon('send')));
    this.startButton = h('button', { class: 'start', 'data-testid': 'start', onclick: () => pane.send('/start') },
      t('sandbox-start'));
    this.keyboard = h('div', { class: 'reply-keyboard', 'data-testid': 'reply-keyboard', hidden: true });
    this.el = h('footer', { class: 'composer' }, this.hints, this.startButton, this.form, this.keyboard,
      photoInput);
  }

  /** A new chat offers only Start; afterwards the input, the menu and the reply keyboard. */
  render(transcript) {
    const empty = transcript.messages.length === 0;
    this.startButton.hidden = !empty;
    this.form.hidden = empty;
    this.commands = transcript.commands;
    this.menuApp = transcript.menu_button;
    this.appButton.hidden = !this.menuApp;
    this.appButton.textContent = this.menuApp?.text ?? '';
    const rows = transcript.reply_keyboard;
    const sig = JSON.stringify(rows);
    if (sig === this.keyboardSig) return;
    // A new keyboard from the bot opens, as in Telegram.
    this.keyboardSig = sig;
    this.keyboard.replaceChildren(...rows.map((row) => h('div', { class: 'row' },
      row.map((label) => h('button', { type: 'button', class: 'key', 'data-testid': 'reply-button',
        onclick: () => this.pane.send(label) }, label)))));
    this.keyboard.hidden = rows.length === 0;
    this.keyboardToggle.hidden = rows.length === 0;
    this.keyboardToggle.classList.add('on');
  }

  toggleKeyboard() {
    this.keyboard.hidden = !this.keyboard.hidden;
    this.keyboardToggle.classList.toggle('on', !this.keyboard.hidden);
    this.pane.stick && this.pane.scrollDown();
  }

  submit(event) {
    event.preventDefault();
    const text = this.input.value;
    this.input.value = '';
    this.pane.send(text);
  }

  showHints(all) {
    const value = this.input.value;
    const show = all || (value.startsWith('/') && !/\s/.test(value));
    const prefix = all ? '' : value.slice(1).toLowerCase();
    const list = show ? this.commands.filter((c) => c.command.startsWith(prefix)) : [];
    this.hints.replaceChildren(...list.map((c) => h('li', { 'data-testid': 'command-hint',
      'data-command': c.command, onmousedown: (e) => e.preventDefault(), onclick: () => {
        this.input.value = '';
        this.pane.send(`/${c.command}`);
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

  /** Escape closes the menu; Tab completes the first matching command. */
  onKey(event) {
    if (event.key === 'Escape') this.hideHints();
    const first = this.hints.hidden ? null : this.hints.querySelector('li');
    if (event.key === 'Tab' && first) {
      event.preventDefault();
      this.input.value = `/${first.dataset.command} `;
      this.hideHints();
    }
  }
}
