//! The customers' operations: joining (alone or with a friend's invitation, and coming back
//! after erasing), asking for the balance, erasing with `/delete_me`, and stale or forged
//! button presses. Each one locks the slots it touches (`try_lock`: a busy customer is skipped,
//! never waited for, so workers cannot deadlock), talks through the emulator, and applies to the
//! model only what the bot confirmed.

use rand::{Rng, rngs::StdRng};

use super::{
    cluster::lock,
    pending::{self, Pending},
    report::OpRecord,
    world::{Chat, Slot, World, number_after, text_of},
};
use crate::telegram::callback::CallbackData;

/// A locked slot and its index.
pub type Held<'a> = (usize, tokio::sync::MutexGuard<'a, Slot>);

/// Locks a random slot that `want` accepts (and that no unanswered operation holds).
pub fn pick_slot<'a>(
    world: &'a World,
    rng: &mut StdRng,
    want: impl Fn(&Slot) -> bool,
) -> Option<Held<'a>> {
    for _ in 0..12 {
        let i = rng.gen_range(0..world.slots.len());
        if world.quarantined(i) {
            continue;
        }
        if let Ok(guard) = world.slots[i].try_lock()
            && want(&guard)
        {
            return Some((i, guard));
        }
    }
    None
}

/// Locks slot `i` if free and not quarantined.
pub fn take_slot(world: &World, i: usize) -> Option<Held<'_>> {
    if world.quarantined(i) {
        return None;
    }
    world.slots[i].try_lock().ok().map(|g| (i, g))
}

pub async fn join(world: &World, rng: &mut StdRng, op: u64, worker: usize) -> Option<String> {
    let (slot, mut s) = pick_slot(world, rng, |s| s.customer.is_none())?;
    let returning = s.ever_joined;
    let mut inviter: Option<Held> = None;
    if rng.gen_bool(0.4) {
        inviter = pick_slot(world, rng, |s| s.customer.is_some());
    }
    let invited_by = inviter.as_ref().and_then(|(_, g)| g.customer);
    let text = match invited_by {
        Some(c) => format!("/start r_{}", lock(&world.model).customers[c].referral_code),
        None => "/start".to_owned(),
    };
    let mut slots = vec![slot];
    slots.extend(inviter.as_ref().map(|(i, _)| *i));
    world.emu.send_text(&s.chat.user, &text);
    let welcome = s.chat.wait_text(&world.emu, &["Welcome, "]).await;
    let Some(welcome) = welcome else {
        world.unanswered(
            &slots,
            Pending::Join {
                op,
                slot,
                inviter: invited_by,
                returning,
            },
        );
        return Some(record(
            world,
            op,
            worker,
            slots,
            format!("{text} → no answer"),
        ));
    };
    let Ok(Some(row)) = pending::customer_by_tg(&world.pool, s.chat.id()).await else {
        world.violation(
            op,
            slots.clone(),
            format!("welcomed ({:?}) but no customer row", welcome.body()),
        );
        return Some(record(
            world,
            op,
            worker,
            slots,
            format!("{text} → welcomed, no row"),
        ));
    };
    let c = pending::joined(world, op, slot, &row, invited_by, returning);
    s.customer = Some(c);
    s.ever_joined = true;
    let bonus = number_after(welcome.body(), "welcome bonus of ").unwrap_or(0);
    let expected = lock(&world.model).customers[c].balance;
    if bonus != expected {
        world.violation(
            op,
            slots.clone(),
            format!("welcome bonus said {bonus}, model expects {expected}"),
        );
    }
    Some(record(
        world,
        op,
        worker,
        slots,
        format!("{text} → customer {} joined, bonus {bonus}", row.id),
    ))
}

pub async fn balance(world: &World, rng: &mut StdRng, op: u64, worker: usize) -> Option<String> {
    let (slot, mut s) = pick_slot(world, rng, |s| s.customer.is_some())?;
    let c = s.customer?;
    let (text, needle, marker) = if rng.gen_bool(0.7) {
        ("/balance", "Your balance:", "Your balance: ")
    } else {
        ("/start", "Welcome back", "You have ")
    };
    world.emu.send_text(&s.chat.user, text);
    let Some(m) = s.chat.wait_text(&world.emu, &[needle]).await else {
        // Nothing changes: no need to hold the customer back.
        return Some(record(
            world,
            op,
            worker,
            vec![slot],
            format!("{text} → no answer"),
        ));
    };
    let said = number_after(m.body(), marker);
    let expected = lock(&world.model).customers[c].balance;
    if said != Some(expected) {
        world.violation(
            op,
            vec![slot],
            format!("{text} says {said:?} points, model expects {expected}"),
        );
    }
    Some(record(
        world,
        op,
        worker,
        vec![slot],
        format!("{text} → {said:?}"),
    ))
}

pub async fn erase(world: &World, rng: &mut StdRng, op: u64, worker: usize) -> Option<String> {
    let (slot, mut s) = pick_slot(world, rng, |s| s.customer.is_some())?;
    let c = s.customer?;
    world.emu.send_text(&s.chat.user, "/delete_me");
    let ask = s
        .chat
        .wait_text(&world.emu, &["Erase your personal data?"])
        .await;
    let Some(ask) = ask else {
        return Some(record(
            world,
            op,
            worker,
            vec![slot],
            "/delete_me → no question".into(),
        ));
    };
    let data = CallbackData::EraseMe { confirm: true }.encode();
    world.emu.press_button(&s.chat.user, &ask, &data);
    if rng.gen_bool(0.2) {
        world.emu.press_button(&s.chat.user, &ask, &data);
    }
    let done = s
        .chat
        .wait_text(&world.emu, &["personal data was erased"])
        .await;
    if done.is_none() {
        world.unanswered(&[slot], Pending::Erase { op, customer: c });
        return Some(record(
            world,
            op,
            worker,
            vec![slot],
            "/delete_me → Yes → no answer".into(),
        ));
    }
    lock(&world.model).erase(c);
    s.customer = None;
    Some(record(
        world,
        op,
        worker,
        vec![slot],
        format!("/delete_me → erased (model customer {c})"),
    ))
}

/// A press the bot must ignore: another customer's redemption, or a staff button in a
/// customer's chat. Not waited for: the checkpoint's balances show whether it did anything.
pub async fn forged_press(
    world: &World,
    rng: &mut StdRng,
    op: u64,
    worker: usize,
) -> Option<String> {
    let (slot, s) = pick_slot(world, rng, |s| s.customer.is_some())?;
    let max_id: Option<i64> = sqlx::query_scalar("SELECT max(id) FROM redemptions")
        .fetch_one(&world.pool)
        .await
        .ok()
        .flatten();
    let receipt = lock(&world.model)
        .purchases
        .keys()
        .next_back()
        .copied()
        .unwrap_or(1);
    let data = match (rng.gen_range(0..3), max_id) {
        (0, Some(max)) => CallbackData::RedeemConfirm {
            redemption: rng.gen_range(1..=max),
        },
        (1, _) => CallbackData::Undo { receipt },
        _ => CallbackData::RefundConfirm { receipt, cents: 0 },
    }
    .encode();
    forge(world, &s.chat, &data, op);
    Some(record(
        world,
        op,
        worker,
        vec![slot],
        format!("forged press {data:?}"),
    ))
}

/// A callback query for a message the user never had (or no longer has): `data` is sent as is.
pub fn forge(world: &World, chat: &Chat, data: &str, op: u64) {
    world
        .emu
        .push_raw_update(serde_json::json!({ "callback_query": {
            "id": format!("forged-{op}"),
            "from": { "id": chat.user.id, "is_bot": false, "first_name": chat.user.first_name,
                      "language_code": "en" },
            "chat_instance": "forged",
            "message": { "message_id": 1, "date": 0,
                         "chat": { "id": chat.user.id, "type": "private" } },
            "data": data,
        }}));
}

pub fn record(world: &World, op: u64, worker: usize, slots: Vec<usize>, what: String) -> String {
    world.record(OpRecord {
        op,
        worker,
        slots,
        what: what.clone(),
    });
    what
}

/// Whether an event is the answer `pick` looks for, as a message.
pub fn message_with(e: &crate::sandbox::emulator::BotEvent, needle: &str) -> bool {
    text_of(e).is_some_and(|m| m.body().contains(needle))
}
