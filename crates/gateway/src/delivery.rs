//! Where codes can go: the configured senders, the masked destinations the customer's
//! verified contacts allow, made-up destinations for everyone else, and how long a send
//! usually takes so that a pretend send lasts as long.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Duration;

use api::Channel;
use brazil::contact::{mask_email, mask_phone};
use hmac::{Hmac, Mac};
use sha2::Sha256;

use crate::config::CodeSection;
use store::ContactRow;

use crate::senders::{Outgoing, Sender};

/// A place a code can go: the channel, the masked text shown, the full address or number
/// (empty for a made-up destination).
pub type Target = (Channel, String, String);

/// The configured senders and how long each usually takes.
pub struct Delivery {
    senders: HashMap<Channel, Sender>,
    typical: Mutex<HashMap<Channel, Duration>>,
    pretend_key: Hmac<Sha256>,
}

impl Delivery {
    /// Sets up every configured sender; `key` keys the made-up destinations.
    ///
    /// # Errors
    /// A message for the operator naming the channel.
    pub fn new(config: &CodeSection, key: &crate::keys::Key) -> Result<Self, String> {
        let mut senders = HashMap::new();
        for channel in Channel::ALL {
            if let Some(c) = config.sender(channel) {
                let sender = Sender::new(c).map_err(|e| format!("code.{channel:?}: {e}"))?;
                senders.insert(channel, sender);
            }
        }
        let pretend_key = <Hmac<Sha256> as Mac>::new_from_slice(key)
            .map_err(|e| format!("session.secret: {e}"))?;
        Ok(Self {
            senders,
            typical: Mutex::new(HashMap::new()),
            pretend_key,
        })
    }

    /// The sender of `channel`, when one is configured.
    pub fn sender(&self, channel: Channel) -> Option<&Sender> {
        self.senders.get(&channel)
    }

    /// How long a send on `channel` usually takes.
    pub fn typical(&self, channel: Channel) -> Duration {
        self.typical
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .get(&channel)
            .copied()
            .unwrap_or(Duration::from_millis(300))
    }

    /// Folds one real send's duration into the running average.
    pub fn observe(&self, channel: Channel, took: Duration) {
        let mut map = self
            .typical
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let old = map.get(&channel).copied().unwrap_or(took);
        map.insert(channel, (old * 3 + took) / 4);
    }

    /// Where the customer's verified contacts let a code go now, per channel with a sender;
    /// an SMS goes to the verified WhatsApp number.
    pub fn reachable(&self, contacts: &[ContactRow]) -> Vec<Target> {
        let on = |channel: Channel| {
            contacts
                .iter()
                .find(|c| c.channel == channel.key())
                .map(|c| c.address.clone())
        };
        let mut out = Vec::new();
        for channel in Channel::ALL {
            if !self.senders.contains_key(&channel) {
                continue;
            }
            let on_channel = match channel {
                Channel::Email => Channel::Email,
                Channel::Whatsapp | Channel::Sms => Channel::Whatsapp,
            };
            let found = on(on_channel).map(|a| (api::masked_contact(channel, &a), a));
            if let Some((masked, full)) = found {
                out.push((channel, masked, full));
            }
        }
        out
    }

    /// What the code screen offers for `document`: one destination per channel with a
    /// sender, whoever asks. A channel the customer verified a contact on is real; every
    /// other one is made up from the document and goes nowhere, so that the answer has the
    /// same shape for customers with and without contacts and for strangers.
    pub fn offer(&self, document: &str, contacts: &[ContactRow]) -> Vec<Target> {
        let real = self.reachable(contacts);
        self.pretend(document)
            .into_iter()
            .map(|fake| {
                real.iter()
                    .find(|(c, ..)| *c == fake.0)
                    .cloned()
                    .unwrap_or(fake)
            })
            .collect()
    }

    /// Sends `message` on its channel, folding the time taken into the typical one.
    ///
    /// # Errors
    /// No sender for the channel, or what failed, for the log.
    pub async fn deliver(&self, message: &Outgoing<'_>) -> Result<(), String> {
        let sender = self
            .sender(message.channel)
            .ok_or_else(|| "nenhum envio configurado para o canal".to_string())?;
        let sending = std::time::Instant::now();
        sender.send(message).await?;
        self.observe(message.channel, sending.elapsed());
        Ok(())
    }

    /// Made-up masked destinations for `document`, one per channel with a sender, the same
    /// on every visit so that asking twice shows nothing new. A mask shows only what a
    /// made-up value can show as well: the first letters of an e-mail's name and domain,
    /// the last two digits of a phone.
    fn pretend(&self, document: &str) -> Vec<Target> {
        // Webmail first, as real addresses are; any letter can still come up.
        const DOMAIN_LETTERS: &[u8] = b"ggggggggghhhhooouuybbitrlabcdefghijklmnopqrstuvwxyz";
        let mut mac = self.pretend_key.clone();
        mac.update(document.as_bytes());
        let b = mac.finalize().into_bytes();
        let name = char::from(b'a' + b[0] % 26);
        let domain = char::from(DOMAIN_LETTERS[usize::from(b[1]) % DOMAIN_LETTERS.len()]);
        let email_masked = mask_email(&format!("{name}@{domain}.com"));
        let number = format!("81999999{:03}", u16::from_le_bytes([b[2], b[3]]) % 1000);
        Channel::ALL
            .into_iter()
            .filter(|c| self.senders.contains_key(c))
            .map(|c| match c {
                Channel::Email => (c, email_masked.clone(), String::new()),
                Channel::Whatsapp | Channel::Sms => (c, mask_phone(&number), String::new()),
            })
            .collect()
    }
}
