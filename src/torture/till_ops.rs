//! The cashiers' operations: a visit (open the card by number or by its QR link, then a
//! purchase, or a redemption the customer confirms, declines or double-taps, then the purchase
//! it pays for), an undo (sometimes double-tapped) and a full or partial refund. Each cashier
//! is one worker with its own chat and receipts.

use std::time::Instant;

use rand::{Rng, rngs::StdRng};
use rust_decimal::Decimal;

use super::{
    cluster::lock,
    model,
    ops::{Held, pick_slot, record, take_slot},
    pending::Pending,
    world::{ANSWER_WAIT, Chat, World, number_after, text_of},
};
use crate::{domain::CardToken, sandbox::emulator::SentMessage, telegram::callback::CallbackData};

pub struct OwnReceipt {
    pub receipt: i64,
    pub message: SentMessage,
    pub at: Instant,
}

pub struct Cashier {
    pub chat: Chat,
    pub receipts: Vec<OwnReceipt>,
}

/// Locks a customer and, if they were invited, their inviter (whose balance a purchase or a
/// reversal may change).
fn lock_customer<'a>(world: &'a World, rng: &mut StdRng) -> Option<(usize, Vec<Held<'a>>)> {
    let first = pick_slot(world, rng, |s| s.customer.is_some())?;
    let c = first.1.customer?;
    let inviter_slot = {
        let m = lock(&world.model);
        m.customers[c].referred_by.map(|i| m.customers[i].slot)
    };
    let mut held = vec![first];
    if let Some(i) = inviter_slot
        && i != held[0].0
    {
        held.push(take_slot(world, i)?);
    }
    Some((c, held))
}

fn slots_of(held: &[Held]) -> Vec<usize> {
    held.iter().map(|(i, _)| *i).collect()
}

/// The message id of the update's message (with the chat, the bot's idempotency key).
fn message_id(world: &World, update: i64) -> i64 {
    world
        .emu
        .update_json(update)
        .and_then(|u| {
            u.pointer("/message/message_id")
                .and_then(serde_json::Value::as_i64)
        })
        .unwrap_or(0)
}

fn random_amount(rng: &mut StdRng, at_least: i64) -> Decimal {
    let cents = rng.gen_range(100..30_000) + at_least * 100;
    Decimal::new(cents, 2)
}

/// The amount as a cashier might type it.
fn typed(rng: &mut StdRng, amount: Decimal) -> String {
    let plain = amount.to_string();
    match rng.gen_range(0..4) {
        0 => plain.replace('.', ","),
        1 if amount >= Decimal::from(1000) => {
            let (int, frac) = plain.split_once('.').unwrap_or((&plain, "00"));
            let (a, b) = int.split_at(int.len() - 3);
            format!("{a} {b},{frac}")
        }
        _ => plain,
    }
}

pub async fn visit(
    world: &World,
    cashier: &mut Cashier,
    rng: &mut StdRng,
    op: u64,
    worker: usize,
) -> Option<String> {
    let (c, mut held) = lock_customer(world, rng)?;
    let slots = slots_of(&held);
    let (number, card_id) = {
        let m = lock(&world.model);
        (m.customers[c].number.clone(), m.customers[c].card_id)
    };
    let mut story = Vec::new();
    let scan = if rng.gen_bool(0.5) {
        format!("/scan {} {} {}", &number[..4], &number[4..8], &number[8..])
    } else {
        let token = CardToken::for_card(card_id).encode(&world.secret);
        format!("/start c_{token}")
    };
    world.emu.send_text(&cashier.chat.user, &scan);
    // This customer's screen (a re-run may show an earlier customer's again).
    let header = format!("💳 {} · ", held[0].1.chat.user.first_name);
    let screen = cashier
        .chat
        .wait_for(&world.emu, ANSWER_WAIT, |e| {
            text_of(e).filter(|m| m.body().contains(&header) && m.body().contains("Tier:"))
        })
        .await;
    let Some(screen) = screen else {
        return Some(record(
            world,
            op,
            worker,
            slots,
            format!("{scan} → no card screen"),
        ));
    };
    let shown = number_after(screen.body(), "Balance: ");
    let expected = lock(&world.model).customers[c].balance;
    if shown != Some(expected) {
        world.violation(
            op,
            slots.clone(),
            format!("card screen shows {shown:?} points, model expects {expected}"),
        );
    }
    story.push(format!("{scan} → balance {shown:?}"));
    let open = open_redemption(world, c, cashier.chat.id());
    if open == 0 && expected > 0 && rng.gen_bool(0.3) {
        let customer_chat = &mut held[0].1.chat;
        let go_on = redeem(
            world,
            cashier,
            customer_chat,
            rng,
            op,
            c,
            &slots,
            expected,
            &mut story,
        )
        .await;
        if !go_on {
            return Some(record(world, op, worker, slots, story.join("; ")));
        }
    }
    let spend = open_redemption(world, c, cashier.chat.id());
    // Points may pay at most half (default share, point value 1): post at least twice them.
    let amount = random_amount(rng, spend * 2);
    purchase(world, cashier, rng, op, c, &slots, amount, &mut story).await;
    drop(held);
    Some(record(world, op, worker, slots, story.join("; ")))
}

fn open_redemption(world: &World, c: usize, cashier: i64) -> i64 {
    lock(&world.model)
        .open_redemptions
        .get(&(c, cashier))
        .copied()
        .unwrap_or(0)
}

/// `/redeem P`, then the customer's answer; true: go on to the purchase.
#[allow(clippy::too_many_arguments)]
async fn redeem(
    world: &World,
    cashier: &mut Cashier,
    customer: &mut Chat,
    rng: &mut StdRng,
    op: u64,
    c: usize,
    slots: &[usize],
    balance: i64,
    story: &mut Vec<String>,
) -> bool {
    let too_much = rng.gen_bool(0.1);
    let points = if too_much {
        balance + rng.gen_range(1..50)
    } else {
        rng.gen_range(1..=balance.min(500))
    };
    let text = format!("/redeem {points}");
    let update = world.emu.send_text(&cashier.chat.user, &text);
    let key = format!("redeem:{}:{}", cashier.chat.id(), message_id(world, update));
    let cashier_id = cashier.chat.id();
    if too_much {
        let refusal = cashier.chat.wait_text(&world.emu, &["available."]).await;
        let said = refusal
            .as_ref()
            .and_then(|m| number_after(m.body(), "has only "));
        if refusal.is_some() && said != Some(balance) {
            world.violation(
                op,
                slots.to_vec(),
                format!("{text}: refusal says {said:?} available, model {balance}"),
            );
        }
        story.push(format!("{text} → refused ({said:?} available)"));
        return false;
    }
    let ask = customer
        .wait_for(&world.emu, ANSWER_WAIT, |e| {
            let m = text_of(e)?;
            m.inline_buttons().into_iter().find_map(|(_, data)| {
                match CallbackData::decode(&data) {
                    // A new request (an old ask may be shown again by a re-run).
                    Some(CallbackData::RedeemConfirm { redemption })
                        if lock(&world.asked).insert(redemption) =>
                    {
                        Some((m.clone(), redemption))
                    }
                    _ => None,
                }
            })
        })
        .await;
    let Some((ask, id)) = ask else {
        world.unanswered(
            slots,
            Pending::Redeem {
                op,
                customer: c,
                key,
                cashier: cashier_id,
            },
        );
        story.push(format!("{text} → customer never asked"));
        return false;
    };
    let yes = CallbackData::RedeemConfirm { redemption: id }.encode();
    let no = CallbackData::RedeemDecline { redemption: id }.encode();
    let how = match rng.gen_range(0..20) {
        0..=10 => vec![&yes],
        11..=14 => vec![&no],
        15..=17 => vec![&yes, &yes],
        _ => vec![&yes, &no],
    };
    for data in &how {
        world.emu.press_button(&customer.user, &ask, data);
    }
    let answer = customer
        .wait_text(&world.emu, &["You spent", "You declined", "expired"])
        .await;
    let pressed = if how.len() == 2 {
        "double tap"
    } else if how[0] == &yes {
        "Confirm"
    } else {
        "Decline"
    };
    match answer {
        Some(m) if m.body().contains("You spent") => {
            lock(&world.model).redeem(c, cashier_id, points);
            story.push(format!("{text} → {pressed} → spent (request {id})"));
            true
        }
        Some(m) if m.body().contains("You declined") => {
            story.push(format!("{text} → {pressed} → declined (request {id})"));
            rng.gen_bool(0.5)
        }
        Some(m) => {
            world.violation(
                op,
                slots.to_vec(),
                format!("redemption {id} answered at once but: {:?}", m.body()),
            );
            false
        }
        None => {
            world.unanswered(
                slots,
                Pending::Redeem {
                    op,
                    customer: c,
                    key,
                    cashier: cashier_id,
                },
            );
            story.push(format!("{text} → {pressed} → no answer"));
            false
        }
    }
}

/// Types the amount; then the receipt, or the "post again?" question (answered with Post
/// anyway, or left alone: then nothing may be posted).
#[allow(clippy::too_many_arguments)]
async fn purchase(
    world: &World,
    cashier: &mut Cashier,
    rng: &mut StdRng,
    op: u64,
    c: usize,
    slots: &[usize],
    amount: Decimal,
    story: &mut Vec<String>,
) {
    let text = typed(rng, amount);
    let cashier_id = cashier.chat.id();
    let update = world.emu.send_text(&cashier.chat.user, &text);
    let source = message_id(world, update);
    let key = format!("purchase:{cashier_id}:{source}");
    let customer_id = lock(&world.model).customers[c].id;
    let cents = i64::try_from((amount * Decimal::ONE_HUNDRED).trunc().mantissa()).unwrap_or(0);
    let mut asked_again = false;
    loop {
        let got = cashier
            .chat
            .wait_for(&world.emu, ANSWER_WAIT, |e| {
                let m = text_of(e)?;
                if let Some(r) = number_after(m.body(), "Receipt #")
                    && m.body().contains("Balance:")
                {
                    return Some((m, Some(r)));
                }
                let dup = m.inline_buttons().into_iter().any(|(_, d)| {
                    CallbackData::decode(&d)
                        == Some(CallbackData::ConfirmDuplicate {
                            customer: customer_id,
                            update: source,
                            cents,
                        })
                });
                dup.then_some((m, None))
            })
            .await;
        let Some((m, receipt)) = got else {
            world.unanswered(
                slots,
                Pending::Purchase {
                    op,
                    customer: c,
                    key,
                    amount,
                    cashier: cashier_id,
                },
            );
            story.push(format!("{text} → no receipt"));
            return;
        };
        let Some(receipt) = receipt else {
            if asked_again || rng.gen_bool(0.2) {
                story.push(format!("{text} → post again? → left alone"));
                return;
            }
            asked_again = true;
            let data = CallbackData::ConfirmDuplicate {
                customer: customer_id,
                update: source,
                cents,
            }
            .encode();
            world.emu.press_button(&cashier.chat.user, &m, &data);
            story.push(format!("{text} → post again? → Post anyway"));
            continue;
        };
        if lock(&world.model).purchases.contains_key(&receipt) {
            continue; // an earlier receipt shown again (a re-run)
        }
        let posted_key: Option<String> =
            sqlx::query_scalar("SELECT idempotency_key FROM purchases WHERE id = $1")
                .bind(receipt)
                .fetch_optional(&world.pool)
                .await
                .ok()
                .flatten();
        if posted_key.as_deref() != Some(key.as_str()) {
            continue; // a late receipt of an earlier, unanswered purchase
        }
        let (expected_points, expected_balance) = {
            let mut model = lock(&world.model);
            let spent = model.take_open_redemption(c, cashier_id);
            let balance = model.purchase(model::Purchase {
                receipt,
                customer: c,
                amount,
                points: 0,
                spent,
                referral: None,
                reversed: false,
                cashier: cashier_id,
                key: key.clone(),
            });
            (model.purchases[&receipt].points, balance)
        };
        let points = number_after(m.body(), "→ +");
        let balance = number_after(m.body(), "Balance: ");
        if points != Some(expected_points) || balance != Some(expected_balance) {
            world.violation(
                op,
                slots.to_vec(),
                format!(
                    "receipt #{receipt} says +{points:?}, balance {balance:?}; model expects +{expected_points}, balance {expected_balance}"
                ),
            );
        }
        story.push(format!(
            "{text} → receipt #{receipt} +{points:?} = {balance:?}"
        ));
        cashier.receipts.push(OwnReceipt {
            receipt,
            message: m,
            at: Instant::now(),
        });
        return;
    }
}

/// Picks one of the cashier's receipts still standing whose customers are free.
fn own_receipt<'a>(
    world: &'a World,
    cashier: &Cashier,
    rng: &mut StdRng,
    undo: bool,
) -> Option<(usize, Vec<Held<'a>>)> {
    let standing: Vec<usize> = {
        let m = lock(&world.model);
        cashier
            .receipts
            .iter()
            .enumerate()
            .filter(|(_, r)| m.purchases.get(&r.receipt).is_some_and(|p| !p.reversed))
            .filter(|(_, r)| !undo || r.at.elapsed().as_secs() < 9 * 60)
            .map(|(i, _)| i)
            .collect()
    };
    if standing.is_empty() {
        return None;
    }
    let i = standing[rng.gen_range(0..standing.len())];
    let touched = {
        let m = lock(&world.model);
        m.touched_by(m.purchases[&cashier.receipts[i].receipt].customer)
    };
    let mut held = Vec::new();
    for slot in world.slots_of(&touched) {
        if held.iter().any(|(s, _)| *s == slot) {
            continue;
        }
        held.push(take_slot(world, slot)?);
    }
    // The customer may have erased and come back: the slot then holds someone else, which is
    // fine, the receipt's customer stays in the model.
    Some((i, held))
}

pub async fn undo(
    world: &World,
    cashier: &mut Cashier,
    rng: &mut StdRng,
    op: u64,
    worker: usize,
) -> Option<String> {
    let (i, held) = own_receipt(world, cashier, rng, true)?;
    let slots = slots_of(&held);
    let receipt = cashier.receipts[i].receipt;
    let message = cashier.receipts[i].message.clone();
    let data = CallbackData::Undo { receipt }.encode();
    let double = rng.gen_bool(0.2);
    world.emu.press_button(&cashier.chat.user, &message, &data);
    if double {
        world.emu.press_button(&cashier.chat.user, &message, &data);
    }
    let done_text = format!("Receipt #{receipt} undone");
    // Only the receipt's own "undone" counts: refusals name no receipt, and one may be a late
    // answer to an earlier press (a refund's second tap), so without the receipt's answer the
    // database decides at the checkpoint.
    let answer = cashier.chat.wait_text(&world.emu, &[&done_text]).await;
    let what = format!(
        "Undo receipt #{receipt}{}",
        if double { " (double tap)" } else { "" }
    );
    let Some(m) = answer else {
        world.unanswered(&slots, Pending::Undo { op, receipt });
        return Some(record(
            world,
            op,
            worker,
            slots,
            format!("{what} → no answer"),
        ));
    };
    let expected = lock(&world.model).undo(receipt);
    let said = number_after(m.body(), "undone: ");
    if said != Some(expected.taken) {
        world.violation(
            op,
            slots.clone(),
            format!(
                "{what}: says {said:?} taken back, model expects {}",
                expected.taken
            ),
        );
    }
    Some(record(
        world,
        op,
        worker,
        slots,
        format!("{what} → {said:?} taken back"),
    ))
}

pub async fn refund(
    world: &World,
    cashier: &mut Cashier,
    rng: &mut StdRng,
    op: u64,
    worker: usize,
) -> Option<String> {
    let (i, held) = own_receipt(world, cashier, rng, false)?;
    let slots = slots_of(&held);
    let receipt = cashier.receipts[i].receipt;
    let whole = lock(&world.model).purchases[&receipt].amount;
    let cents = i64::try_from((whole * Decimal::ONE_HUNDRED).trunc().mantissa()).unwrap_or(0);
    let amount = if cents > 1 && rng.gen_bool(0.5) {
        Decimal::new(rng.gen_range(1..cents), 2)
    } else {
        whole
    };
    let text = if amount == whole {
        format!("/refund {receipt}")
    } else {
        format!("/refund {receipt} {amount}")
    };
    world.emu.send_text(&cashier.chat.user, &text);
    let screen = cashier
        .chat
        .wait_text(&world.emu, &[&format!("Refund receipt #{receipt}?")])
        .await;
    let Some(screen) = screen else {
        return Some(record(
            world,
            op,
            worker,
            slots,
            format!("{text} → no refund screen"),
        ));
    };
    let Some((_, data)) = screen
        .inline_buttons()
        .into_iter()
        .find(|(label, _)| label.contains("Confirm refund"))
    else {
        world.violation(
            op,
            slots.clone(),
            format!("{text}: no Confirm on {:?}", screen.body()),
        );
        return Some(record(
            world,
            op,
            worker,
            slots,
            format!("{text} → no Confirm"),
        ));
    };
    world.emu.press_button(&cashier.chat.user, &screen, &data);
    let double = rng.gen_bool(0.15);
    if double {
        world.emu.press_button(&cashier.chat.user, &screen, &data);
    }
    let done = cashier
        .chat
        .wait_text(&world.emu, &[&format!("Refund of receipt #{receipt}")])
        .await;
    let what = format!("{text} → Confirm{}", if double { " ×2" } else { "" });
    let Some(done) = done else {
        world.unanswered(&slots, Pending::Refund { op, receipt });
        return Some(record(
            world,
            op,
            worker,
            slots,
            format!("{what} → no answer"),
        ));
    };
    let expected = lock(&world.model).refund(receipt, amount);
    let body = done.body();
    let said = (
        number_after(body, "): "),
        number_after(body, "taken back, "),
        number_after(body, "(already spent), "),
    );
    let want = (
        Some(expected.taken),
        Some(expected.written_off),
        Some(expected.returned),
    );
    if said != want {
        world.violation(
            op,
            slots.clone(),
            format!("{what}: says (taken, written off, returned) {said:?}, model expects {want:?}"),
        );
    }
    Some(record(
        world,
        op,
        worker,
        slots,
        format!("{what} → {said:?}"),
    ))
}

/// A stale press: Undo again on one of the cashier's receipts already reversed.
pub async fn stale_undo(
    world: &World,
    cashier: &mut Cashier,
    rng: &mut StdRng,
    op: u64,
    worker: usize,
) -> Option<String> {
    let reversed: Vec<usize> = {
        let m = lock(&world.model);
        cashier
            .receipts
            .iter()
            .enumerate()
            .filter(|(_, r)| m.purchases.get(&r.receipt).is_some_and(|p| p.reversed))
            .map(|(i, _)| i)
            .collect()
    };
    if reversed.is_empty() {
        return None;
    }
    let r = &cashier.receipts[reversed[rng.gen_range(0..reversed.len())]];
    let data = CallbackData::Undo { receipt: r.receipt }.encode();
    world
        .emu
        .press_button(&cashier.chat.user, &r.message, &data);
    Some(record(
        world,
        op,
        worker,
        vec![],
        format!("stale Undo of reversed receipt #{}", r.receipt),
    ))
}
