//! 志愿服务: activities and their shifts, signing up, checking in and out and one's own
//! hours (时间银行) in a part of their own; for staff the activity and shift forms and the
//! roster, in the staff part.

pub mod components;
pub mod pages;
pub mod state;

use leptos::prelude::*;
use leptos_router::any_nested_route::AnyNestedRoute;
use leptos_router::components::Route;
use leptos_router::path;

use crate::parts::{Staff, parts};
use pages::activity_page::ActivityPage;
use pages::my_volunteer_page::MyVolunteerPage;
use pages::volunteer_page::VolunteerPage;
use pages::volunteer_profile_page::VolunteerProfilePage;

parts! {
    /// 志愿: activities, shifts and one's own hours.
    Volunteer in volunteer showing linli_core::volunteer::RULES {
        List => VolunteerPage,
        Activity => ActivityPage,
        Mine => MyVolunteerPage,
        Profile => VolunteerProfilePage,
    }
}

/// Volunteering's pages, by path, in the order the router tries them.
pub fn routes() -> Vec<AnyNestedRoute> {
    view! {
        <Route path=path!("/volunteer") view=Volunteer::List />
        <Route path=path!("/volunteer/me") view=Volunteer::Mine />
        <Route path=path!("/volunteer/profile") view=Volunteer::Profile />
        <Route path=path!("/volunteer/activities/new") view=Staff::ActivityForm />
        <Route path=path!("/volunteer/activities/:id") view=Volunteer::Activity />
        <Route path=path!("/volunteer/activities/:id/edit") view=Staff::ActivityForm />
        <Route path=path!("/volunteer/shifts/new") view=Staff::ShiftForm />
        <Route path=path!("/volunteer/shifts/:id/edit") view=Staff::ShiftForm />
        <Route path=path!("/volunteer/shifts/:id/roster") view=Staff::ShiftRoster />
    }
    .into_inner()
    .into()
}
