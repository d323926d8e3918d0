//! Keyboard builders. Reply-keyboard buttons send their label as text, so [`MenuButton`] maps a
//! label back to an action by comparing with the labels of every language (a customer may
//! switch languages while an old keyboard is still on screen).

use teloxide::types::{
    InlineKeyboardButton, InlineKeyboardMarkup, KeyboardButton, KeyboardMarkup, Message,
};

use super::callback::CallbackData;
use crate::{domain::Language, t};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MenuButton {
    Card,
    Balance,
    History,
    Invite,
    Help,
}

impl MenuButton {
    const ALL: [MenuButton; 5] = [
        Self::Card,
        Self::Balance,
        Self::History,
        Self::Invite,
        Self::Help,
    ];

    fn key(self) -> &'static str {
        match self {
            Self::Card => "menu-card",
            Self::Balance => "menu-balance",
            Self::History => "menu-history",
            Self::Invite => "menu-invite",
            Self::Help => "menu-help",
        }
    }

    pub fn label(self, lang: Language) -> String {
        t!(lang, self.key())
    }

    pub fn from_text(text: &str) -> Option<Self> {
        let text = text.trim();
        Self::ALL
            .into_iter()
            .find(|b| Language::ALL.iter().any(|&lang| b.label(lang) == text))
    }

    pub fn from_message(msg: Message) -> Option<Self> {
        msg.text().and_then(Self::from_text)
    }
}

/// The staff's reply keyboard at the till.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StaffButton {
    Scan,
    Today,
    Close,
}

impl StaffButton {
    const ALL: [StaffButton; 3] = [Self::Scan, Self::Today, Self::Close];

    fn key(self) -> &'static str {
        match self {
            Self::Scan => "menu-staff-scan",
            Self::Today => "menu-staff-today",
            Self::Close => "menu-staff-close",
        }
    }

    pub fn label(self, lang: Language) -> String {
        t!(lang, self.key())
    }

    pub fn from_message(msg: Message) -> Option<Self> {
        let text = msg.text()?.trim().to_owned();
        Self::ALL
            .into_iter()
            .find(|b| Language::ALL.iter().any(|&lang| b.label(lang) == text))
    }
}

pub fn staff_menu(lang: Language) -> KeyboardMarkup {
    let b = |m: StaffButton| KeyboardButton::new(m.label(lang));
    KeyboardMarkup::new(vec![vec![
        b(StaffButton::Scan),
        b(StaffButton::Today),
        b(StaffButton::Close),
    ]])
    .resize_keyboard()
    .persistent()
}

/// The customer's main menu: Card, Balance / History, Invite, Help.
pub fn main_menu(lang: Language) -> KeyboardMarkup {
    let b = |m: MenuButton| KeyboardButton::new(m.label(lang));
    KeyboardMarkup::new(vec![
        vec![b(MenuButton::Card), b(MenuButton::Balance)],
        vec![b(MenuButton::History), b(MenuButton::Invite)],
        vec![b(MenuButton::Help)],
    ])
    .resize_keyboard()
    .persistent()
}

pub fn languages() -> InlineKeyboardMarkup {
    InlineKeyboardMarkup::new(vec![
        Language::ALL
            .iter()
            .map(|&lang| {
                InlineKeyboardButton::callback(
                    t!(lang, "language-name"),
                    CallbackData::SetLanguage(lang).encode(),
                )
            })
            .collect::<Vec<_>>(),
    ])
}

/// "Newer" / "Older" buttons under a page of history, only those that lead somewhere.
pub fn history_pages(
    lang: Language,
    newer: Option<u32>,
    older: Option<u32>,
) -> InlineKeyboardMarkup {
    let mut row = Vec::new();
    if let Some(offset) = newer {
        row.push(InlineKeyboardButton::callback(
            t!(lang, "history-newer"),
            CallbackData::History { offset }.encode(),
        ));
    }
    if let Some(offset) = older {
        row.push(InlineKeyboardButton::callback(
            t!(lang, "history-older"),
            CallbackData::History { offset }.encode(),
        ));
    }
    InlineKeyboardMarkup::new(if row.is_empty() { vec![] } else { vec![row] })
}
