// The sandbox's stand-in for Telegram's telegram-web-app.js. Like the real script in Telegram's
// web clients, it reads what the client passed in the page's fragment (#tgWebAppData=... with
// the initData the emulator signed with the bot's token, the theme, the platform) and talks to
// the client, here the sandbox page holding the Mini App in an iframe, with Telegram's own
// postMessage events: web_app_open_scan_qr_popup / qr_text_received, web_app_setup_main_button
// / main_button_pressed, web_app_open_popup / popup_closed, web_app_close.
(function () {
  'use strict';
  const hash = new URLSearchParams(location.hash.slice(1));
  const initData = hash.get('tgWebAppData') || '';
  const themeParams = parse(hash.get('tgWebAppThemeParams')) || {};
  const unsafe = {};
  for (const [key, value] of new URLSearchParams(initData)) {
    unsafe[key] = key === 'user' ? parse(value) : key === 'auth_date' ? Number(value) : value;
  }
  const handlers = new Map();
  let scanCallback = null;
  let popupCallback = null;

  function parse(json) {
    try { return JSON.parse(json); } catch (e) { return null; }
  }
  function post(eventType, eventData) {
    window.parent.postMessage(JSON.stringify({ eventType, eventData: eventData || {} }), '*');
  }
  function emit(name, ...args) {
    for (const fn of handlers.get(name) || []) {
      try { fn(...args); } catch (e) { console.error(e); }
    }
  }
  function setTheme() {
    for (const [key, value] of Object.entries(themeParams)) {
      document.documentElement.style.setProperty(`--tg-theme-${key.replaceAll('_', '-')}`, value);
    }
  }

  const MainButton = {
    text: 'CONTINUE', color: themeParams.button_color || '#3390ec',
    textColor: themeParams.button_text_color || '#ffffff',
    isVisible: false, isActive: true, isProgressVisible: false,
    setText(text) { this.text = String(text); return update(); },
    show() { this.isVisible = true; return update(); },
    hide() { this.isVisible = false; return update(); },
    enable() { this.isActive = true; return update(); },
    disable() { this.isActive = false; return update(); },
    showProgress() { this.isProgressVisible = true; return update(); },
    hideProgress() { this.isProgressVisible = false; return update(); },
    setParams(p) { Object.assign(this, { text: p.text ?? this.text, isVisible: p.is_visible ?? this.isVisible,
      isActive: p.is_active ?? this.isActive }); return update(); },
    onClick(fn) { WebApp.onEvent('mainButtonClicked', fn); return this; },
    offClick(fn) { WebApp.offEvent('mainButtonClicked', fn); return this; },
  };
  function update() {
    post('web_app_setup_main_button', { is_visible: MainButton.isVisible, is_active: MainButton.isActive,
      is_progress_visible: MainButton.isProgressVisible, text: MainButton.text, color: MainButton.color,
      text_color: MainButton.textColor });
    return MainButton;
  }

  function showPopup(params, callback) {
    popupCallback = callback || null;
    post('web_app_open_popup', { title: params.title || '', message: params.message,
      buttons: params.buttons || [{ id: '', type: 'close' }] });
  }

  const WebApp = {
    initData, initDataUnsafe: unsafe, version: hash.get('tgWebAppVersion') || '8.0',
    platform: hash.get('tgWebAppPlatform') || 'weba', colorScheme: 'light', themeParams,
    isExpanded: true, MainButton,
    BackButton: { isVisible: false, show() {}, hide() {}, onClick() {}, offClick() {} },
    HapticFeedback: { impactOccurred() {}, notificationOccurred() {}, selectionChanged() {} },
    isVersionAtLeast(v) { return Number(v) <= Number(this.version); },
    ready() { post('web_app_ready'); },
    expand() { post('web_app_expand'); },
    close() { post('web_app_close'); },
    onEvent(name, fn) { if (!handlers.has(name)) handlers.set(name, []); handlers.get(name).push(fn); },
    offEvent(name, fn) { handlers.set(name, (handlers.get(name) || []).filter((h) => h !== fn)); },
    showScanQrPopup(params, callback) {
      scanCallback = callback || null;
      post('web_app_open_scan_qr_popup', { text: (params && params.text) || '' });
    },
    closeScanQrPopup() { scanCallback = null; post('web_app_close_scan_qr_popup'); },
    showPopup,
    showAlert(message, callback) { showPopup({ message }, () => callback && callback()); },
    showConfirm(message, callback) {
      showPopup({ message, buttons: [{ id: 'ok', type: 'ok' }, { id: 'cancel', type: 'cancel' }] },
        (id) => callback && callback(id === 'ok'));
    },
  };

  window.addEventListener('message', (event) => {
    if (event.source !== window.parent) return;
    const message = typeof event.data === 'string' ? parse(event.data) : null;
    if (!message) return;
    const data = message.eventData || {};
    switch (message.eventType) {
      case 'main_button_pressed':
        emit('mainButtonClicked');
        break;
      case 'qr_text_received':
        emit('qrTextReceived', data);
        // The callback returns true to close the scanner, as in Telegram.
        if (scanCallback && scanCallback(data.data) === true) WebApp.closeScanQrPopup();
        break;
      case 'scan_qr_popup_closed':
        scanCallback = null;
        emit('scanQrPopupClosed');
        break;
      case 'popup_closed': {
        const callback = popupCallback;
        popupCallback = null;
        emit('popupClosed', data);
        if (callback) callback(data.button_id || null);
        break;
      }
      default:
    }
  });

  setTheme();
  window.Telegram = { WebApp };
})();
