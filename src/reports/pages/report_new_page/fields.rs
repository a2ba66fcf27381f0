use leptos::prelude::*;
use linli_core::account::{ResidentCard, normalize_phone};
use linli_core::report::{Channel, GeoPoint, OnBehalf, SubmitArgs};

use crate::platform::files::LocalFile;

/// What is being typed, as signals; saved as a draft on every change.
#[derive(Clone, Copy)]
pub(super) struct ReportFields {
    pub(super) category: RwSignal<String>,
    pub(super) description: RwSignal<String>,
    pub(super) building: RwSignal<String>,
    pub(super) unit: RwSignal<String>,
    pub(super) room: RwSignal<String>,
    pub(super) place: RwSignal<String>,
    pub(super) anonymous: RwSignal<bool>,
    pub(super) phone: RwSignal<String>,
    pub(super) photos: RwSignal<Vec<LocalFile>>,
    /// Where the phone was, if the person chose to add it.
    pub(super) geo: RwSignal<Option<GeoPoint>>,
    /// Staff filing for a resident (代办): their name and how they reached us.
    pub(super) behalf: RwSignal<Option<(String, Channel)>>,
}

impl ReportFields {
    /// An empty report, in `building` if the link named one (a building's QR code), with
    /// the person's own phone to call back on.
    pub(super) fn new(building: String, phone: String) -> Self {
        Self {
            category: RwSignal::new(String::new()),
            description: RwSignal::new(String::new()),
            building: RwSignal::new(building),
            unit: RwSignal::new(String::new()),
            room: RwSignal::new(String::new()),
            place: RwSignal::new(String::new()),
            anonymous: RwSignal::new(false),
            phone: RwSignal::new(phone),
            photos: RwSignal::new(Vec::new()),
            geo: RwSignal::new(None),
            behalf: RwSignal::new(None),
        }
    }

    /// What a draft kept on the device holds.
    pub(super) fn fill(&self, a: SubmitArgs, photos: Vec<LocalFile>) {
        self.category.set(a.category_id);
        self.description.set(a.description);
        self.building.set(a.building_id.unwrap_or_default());
        self.unit.set(a.unit.unwrap_or_default());
        self.room.set(a.room.unwrap_or_default());
        self.place.set(a.place.unwrap_or_default());
        self.anonymous.set(a.anonymous);
        self.phone.set(a.contact_phone.unwrap_or_default());
        self.photos.set(photos);
        self.geo.set(a.geo);
        self.behalf.set(a.on_behalf.map(|b| (b.name, b.channel)));
    }

    /// The report as typed so far (tracked: an effect reading it reruns on every change).
    pub(super) fn args(&self, id: &str, residents: &[ResidentCard]) -> SubmitArgs {
        let text = |s: RwSignal<String>| Some(s.get()).filter(|v| !v.trim().is_empty());
        let phone = text(self.phone);
        let on_behalf = self.behalf.get().map(|(name, channel)| OnBehalf {
            // A resident with an account follows the case on their own phone.
            resident_id: phone.as_ref().and_then(|p| {
                let p = normalize_phone(p);
                residents
                    .iter()
                    .find(|r| r.phone == p)
                    .map(|r| r.id.clone())
            }),
            name,
            channel,
        });
        SubmitArgs {
            id: id.to_owned(),
            category_id: self.category.get(),
            description: self.description.get(),
            building_id: text(self.building),
            unit: text(self.unit),
            room: text(self.room),
            place: text(self.place),
            geo: self.geo.get(),
            photos: self
                .photos
                .with(|p| p.iter().map(|f| f.id.clone()).collect()),
            anonymous: self.anonymous.get(),
            contact_phone: phone,
            on_behalf,
        }
    }
}
