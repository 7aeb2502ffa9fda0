//! Creates that happen exactly once, whatever is lost on the way. A create is sent only
//! after a look at what exists (the process's list, fetched once and shared), so that a
//! name already taken is refused before anything is made. When the answer to a create
//! is lost (the connection failed, a gateway or the server failed), it is never sent again
//! blindly: the provider looks again, and what appeared under the requested name is taken
//! over (a cluster is adopted; a Zeebe client, whose secret only the lost answer carried,
//! is deleted and created again). Only when nothing appeared is the create sent again.
//!
//! Each create is also recorded in the [`Journal`] from before it is sent until the
//! resource hands its state to Terraform, so that a create cut short by Terraform's death
//! is taken over by the next one instead of duplicated.

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};

use async_trait::async_trait;

use super::Shared;
use super::journal::{Journal, Target};
use crate::console;
use crate::tf::Diagnostics;

/// The most times one create is sent when its answers are lost and nothing was made.
const MAX_SENDS: u32 = 8;

/// An object as a listing shows it.
#[derive(Clone, Debug)]
pub struct Existing {
    pub id: String,
    pub name: String,
    /// When the API says it was created, in milliseconds since the epoch.
    pub created_ms: Option<u64>,
}

impl Existing {
    /// An object whose creation time the API does not give.
    pub fn undated(id: impl Into<String>, name: impl Into<String>) -> Existing {
        Existing {
            id: id.into(),
            name: name.into(),
            created_ms: None,
        }
    }

    /// An object whose creation time the API gives in RFC 3339 (unreadable: unknown).
    pub fn created_at(id: &str, name: &str, created: Option<&str>) -> Existing {
        let created_ms = created
            .and_then(|t| {
                time::OffsetDateTime::parse(t, &time::format_description::well_known::Rfc3339).ok()
            })
            .map(|t| (t.unix_timestamp_nanos() / 1_000_000) as u64);
        Existing {
            id: id.to_owned(),
            name: name.to_owned(),
            created_ms,
        }
    }
}

/// What a create does with an object under its name that a create of its own made
/// although the answer never came.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TakeOver {
    /// The object is what was asked for: it becomes the create's result.
    Adopt,
    /// The object was removed (its answer held what cannot be had again): send anew.
    SendAgain,
    /// The object is not what was asked for (what differs, as a sentence): the create
    /// cannot tell whether it made it, so it neither adopts nor removes it.
    Differs(String),
}

/// What a create answers, by the id of the object it made.
pub trait Identified: Send {
    fn id(&self) -> &str;
}

/// A create that answers with the id alone.
impl Identified for String {
    fn id(&self) -> &str {
        self
    }
}

/// How one kind of create is done, as the resource that makes it knows it; what it
/// creates (the [`Target`]) is the caller's to name.
#[async_trait]
pub trait Create: Sync {
    type Made: Identified;

    /// The objects that exist where the target is created; `fresh` asks the API again
    /// instead of using what this process has seen.
    async fn existing(&self, fresh: bool) -> Result<Vec<Existing>, console::Error>;

    /// Sends the create.
    async fn send(&self) -> Result<Self::Made, console::Error>;

    async fn take_over(&self, id: &str) -> Result<TakeOver, console::Error>;

    /// How a user keeps or removes an object with this id that Terraform does not hold.
    fn recovery(&self, id: &str) -> String;
}

/// How the create came about.
#[derive(Debug)]
pub enum Done<M> {
    Made(M),
    /// An object that a create whose answer never came had made, with its id.
    Adopted(String),
}

/// Why a create has no result.
#[derive(Debug)]
pub enum Refused {
    /// Other objects hold the name (their ids).
    NameTaken(Vec<String>),
    /// Nothing was made.
    Failed(console::Error),
    /// Every answer was lost, and each time nothing had been made.
    AllLost { sends: u32, last: console::Error },
    /// The answer was lost, and looking for what it made failed.
    Unknown {
        lost: console::Error,
        looking: console::Error,
    },
    /// An object was made under the name but could not be taken over; `made_by` says
    /// how it came to be.
    NotTakenOver {
        id: String,
        made_by: String,
        error: console::Error,
    },
    /// The object under the name is not what was asked for.
    Differs { id: String, found: String },
    /// Several objects appeared under the name after a lost answer.
    Ambiguous {
        ids: Vec<String>,
        lost: console::Error,
    },
}

/// Whether a name may be taken by a create, at plan time and before sending.
#[derive(Debug, PartialEq, Eq)]
pub enum NameCheck {
    Free,
    /// Taken by these objects, none of which an unrecorded create of this target made.
    Taken(Vec<String>),
    /// Taken by the object that an earlier create of this target made, which Terraform
    /// never recorded: the create takes it over.
    Unrecorded(String),
}

/// Which objects hold `target`'s name, leaving out those this state holds: `replaced`
/// (the object this create replaces), and those this process has read for Terraform (the
/// objects of this state that a plan refreshed, a tainted one among them).
pub fn check_name(
    shared: &Shared,
    existing: &[Existing],
    target: &Target,
    replaced: Option<&str>,
) -> NameCheck {
    let holders: Vec<&Existing> = existing
        .iter()
        .filter(|o| o.name == target.name && Some(o.id.as_str()) != replaced)
        .filter(|o| !shared.held.contains(&target.kind, &o.id))
        .collect();
    if holders.is_empty() {
        return NameCheck::Free;
    }
    if let Some(entry) = shared.journal().find(target) {
        let made: Vec<&&Existing> = holders
            .iter()
            .filter(|o| entry.may_have_made(&o.id, o.created_ms))
            .collect();
        if let [one] = made.as_slice() {
            return NameCheck::Unrecorded(one.id.clone());
        }
    }
    NameCheck::Taken(holders.iter().map(|o| o.id.clone()).collect())
}

/// A create in flight that Terraform has not recorded yet. [`Unrecorded::recorded`] ends
/// its journal entry once the resource hands the state back; when the process dies first,
/// the entry stays for the next create.
#[must_use = "end the journal entry once the state is handed back to Terraform"]
pub struct Unrecorded<'a> {
    journal: &'a Journal,
    target: Target,
}

impl Unrecorded<'_> {
    pub fn recorded(self) {
        self.journal.end(&self.target);
    }
}

/// The objects this process read for Terraform, by resource type: objects the state holds.
#[derive(Default)]
pub struct Held(Mutex<HashSet<(String, String)>>);

impl Held {
    pub fn add(&self, kind: &str, id: &str) {
        self.0
            .lock()
            .expect("held lock")
            .insert((kind.to_owned(), id.to_owned()));
    }

    fn contains(&self, kind: &str, id: &str) -> bool {
        self.0
            .lock()
            .expect("held lock")
            .contains(&(kind.to_owned(), id.to_owned()))
    }
}

/// One create at a time per target in this process, so that a create never takes for its
/// own what another create of the same name made.
#[derive(Default)]
pub struct Turns(Mutex<HashMap<Target, Arc<tokio::sync::Mutex<()>>>>);

impl Turns {
    pub async fn take(&self, target: &Target) -> tokio::sync::OwnedMutexGuard<()> {
        let turn = self
            .0
            .lock()
            .expect("turns lock")
            .entry(target.clone())
            .or_default()
            .clone();
        turn.lock_owned().await
    }
}

/// Creates `target` exactly once, as `create` says how; `replaced` is the object it
/// replaces, and `duplicates_allowed` lets it take a name that other objects hold.
pub async fn create<'s, C: Create>(
    shared: &'s Shared,
    target: &Target,
    create: &C,
    replaced: Option<&str>,
    duplicates_allowed: bool,
) -> Result<(Done<C::Made>, Unrecorded<'s>), Refused> {
    let journal = shared.journal();
    let _turn = shared.turns.take(target).await;
    let unrecorded = || Unrecorded {
        journal,
        target: target.clone(),
    };
    let before = create.existing(false).await.map_err(Refused::Failed)?;
    match check_name(shared, &before, target, replaced) {
        NameCheck::Unrecorded(id) => match create.take_over(&id).await {
            Ok(TakeOver::Adopt) => return Ok((Done::Adopted(id), unrecorded())),
            Ok(TakeOver::SendAgain) => {}
            Ok(TakeOver::Differs(found)) => {
                journal.end(target);
                return Err(Refused::Differs { id, found });
            }
            Err(error) => {
                let made_by = "an earlier apply of this configuration made it, and Terraform \
                               ended before recording it"
                    .to_owned();
                return Err(Refused::NotTakenOver { id, made_by, error });
            }
        },
        NameCheck::Taken(ids) if !duplicates_allowed => return Err(Refused::NameTaken(ids)),
        NameCheck::Taken(_) | NameCheck::Free => {}
    }
    let known: HashSet<String> = before.iter().map(|o| o.id.clone()).collect();
    journal.begin(target);
    let mut sends = 0;
    loop {
        sends += 1;
        let lost = match create.send().await {
            Ok(made) => {
                journal.made(target, made.id());
                return Ok((Done::Made(made), unrecorded()));
            }
            Err(error) if error.outcome_unknown() => error,
            Err(error) => {
                journal.end(target);
                return Err(Refused::Failed(error));
            }
        };
        tracing::debug!(name = target.name, error = %lost, "the answer to a create was lost; looking for what it made");
        let now = match create.existing(true).await {
            Ok(now) => now,
            Err(looking) => return Err(Refused::Unknown { lost, looking }),
        };
        let appeared: Vec<&Existing> = now
            .iter()
            .filter(|o| o.name == target.name && !known.contains(&o.id))
            .collect();
        match appeared.as_slice() {
            [] if sends >= MAX_SENDS => {
                journal.end(target);
                return Err(Refused::AllLost { sends, last: lost });
            }
            // Nothing was made: sending again cannot duplicate.
            [] => {}
            [made] => {
                journal.made(target, &made.id);
                match create.take_over(&made.id).await {
                    Ok(TakeOver::Adopt) => {
                        return Ok((Done::Adopted(made.id.clone()), unrecorded()));
                    }
                    Ok(TakeOver::SendAgain) if sends < MAX_SENDS => journal.begin(target),
                    Ok(TakeOver::SendAgain) => {
                        journal.end(target);
                        return Err(Refused::AllLost { sends, last: lost });
                    }
                    Ok(TakeOver::Differs(found)) => {
                        journal.end(target);
                        return Err(Refused::Differs {
                            id: made.id.clone(),
                            found,
                        });
                    }
                    Err(error) => {
                        return Err(Refused::NotTakenOver {
                            id: made.id.clone(),
                            made_by: format!(
                                "the create made it, but its answer was lost ({lost})"
                            ),
                            error,
                        });
                    }
                }
            }
            several => {
                return Err(Refused::Ambiguous {
                    ids: several.iter().map(|o| o.id.clone()).collect(),
                    lost,
                });
            }
        }
    }
}

impl Refused {
    /// Reports the refusal as an error on `diags`; `what` names the object, as in
    /// `cluster "orders"`. A taken name is the resource's to report.
    pub fn report<C: Create>(&self, diags: &mut Diagnostics, create: &C, what: &str) {
        let (summary, detail) = match self {
            Refused::NameTaken(ids) => (
                format!("The name of the {what} is taken"),
                format!(
                    "It is held by {}. {}",
                    ids.join(", "),
                    ids.first()
                        .map(|id| create.recovery(id))
                        .unwrap_or_default()
                ),
            ),
            Refused::Failed(error) if error.refused_before_acting() => (
                format!("Could not create the {what}"),
                format!("{error}. Nothing was created: the API turned the create away unread."),
            ),
            Refused::Failed(error) => (format!("Could not create the {what}"), error.to_string()),
            Refused::AllLost { sends, last } => (
                format!("Could not create the {what}"),
                format!(
                    "The create was sent {sends} times, and each answer was lost (the last: \
                     {last}). After each, a look found what it had made and removed it, or \
                     found nothing: nothing is left, so applying again is safe."
                ),
            ),
            Refused::Unknown { lost, looking } => (
                format!("The create of the {what} may have happened"),
                format!(
                    "The create was sent, but its answer was lost ({lost}), and looking for \
                     what it made failed ({looking}). Apply again: the next apply looks again \
                     and takes over what this create made, instead of making another."
                ),
            ),
            Refused::NotTakenOver { id, made_by, error } => (
                format!("The {what} exists but could not be taken over"),
                format!(
                    "{id} exists: {made_by}. Taking it over failed ({error}). {}",
                    create.recovery(id)
                ),
            ),
            Refused::Differs { id, found } => (
                format!("The {what} exists, but not as asked"),
                format!(
                    "{id} exists under this name, but {found}, so the provider cannot tell \
                     whether this configuration made it and leaves it as it is. {}",
                    create.recovery(id)
                ),
            ),
            Refused::Ambiguous { ids, lost } => (
                format!("Several objects appeared for the {what}"),
                format!(
                    "After the answer to the create was lost ({lost}), {} appeared under this \
                     name, and the provider cannot tell which one the create made. Keep one and \
                     delete the others; for each: {}",
                    ids.join(", "),
                    ids.iter()
                        .map(|id| create.recovery(id))
                        .collect::<Vec<_>>()
                        .join(" ")
                ),
            ),
        };
        diags.error(summary, detail);
    }
}

#[cfg(test)]
mod tests {
    use std::collections::VecDeque;
    use std::sync::Mutex;

    use super::*;
    use crate::console::{Call, Error};
    use crate::http_client::api_error::ApiError;

    /// A create against a scripted API: `sends` are the answers to the creates in order
    /// (`Ok` or an error), and each send that the API acts on adds an object.
    struct Scripted {
        target: Target,
        objects: Mutex<Vec<Existing>>,
        sends: Mutex<VecDeque<(bool, Result<(), Error>)>>,
        take_over: TakeOver,
        taken_over: Mutex<Vec<String>>,
        sent: Mutex<u32>,
    }

    /// The create that the scripted errors answer.
    fn call() -> Call {
        Call {
            method: reqwest::Method::POST,
            path: "/clusters".into(),
        }
    }

    fn lost() -> Error {
        Error::transport(&call(), "connection closed before message completed".into())
    }

    fn refused() -> Error {
        Error::from_status(call(), 400, None, br#"{"message":"bad"}"#)
    }

    impl Scripted {
        /// `sends`: per send, whether the API acts on it and what the caller gets.
        fn new(
            existing: &[(&str, &str)],
            sends: Vec<(bool, Result<(), Error>)>,
            take_over: TakeOver,
        ) -> Scripted {
            Scripted {
                target: Target::new("camunda_cluster", "", "orders"),
                objects: Mutex::new(
                    existing
                        .iter()
                        .map(|(id, name)| Existing::undated(*id, *name))
                        .collect(),
                ),
                sends: Mutex::new(sends.into()),
                take_over,
                taken_over: Mutex::default(),
                sent: Mutex::new(0),
            }
        }

        fn ids(&self) -> Vec<String> {
            self.objects
                .lock()
                .unwrap()
                .iter()
                .map(|o| o.id.clone())
                .collect()
        }
    }

    #[async_trait]
    impl Create for Scripted {
        type Made = String;

        async fn existing(&self, _fresh: bool) -> Result<Vec<Existing>, console::Error> {
            Ok(self.objects.lock().unwrap().clone())
        }

        async fn send(&self) -> Result<String, console::Error> {
            let mut sent = self.sent.lock().unwrap();
            *sent += 1;
            let (acts, answer) = self
                .sends
                .lock()
                .unwrap()
                .pop_front()
                .expect("a scripted send");
            let id = format!("made-{sent}");
            if acts {
                self.objects
                    .lock()
                    .unwrap()
                    .push(Existing::undated(id.clone(), self.target.name.clone()));
            }
            answer.map(|()| id)
        }

        async fn take_over(&self, id: &str) -> Result<TakeOver, console::Error> {
            self.taken_over.lock().unwrap().push(id.to_owned());
            if self.take_over == TakeOver::SendAgain {
                self.objects.lock().unwrap().retain(|o| o.id != id);
            }
            Ok(self.take_over.clone())
        }

        fn recovery(&self, id: &str) -> String {
            format!("import {id}")
        }
    }

    async fn run(scripted: &Scripted, duplicates_allowed: bool) -> Result<Done<String>, Refused> {
        let shared = Shared::default();
        create(
            &shared,
            &scripted.target,
            scripted,
            None,
            duplicates_allowed,
        )
        .await
        .map(|(done, unrecorded)| {
            unrecorded.recorded();
            done
        })
    }

    /// A create beside `existing` whose one send acts but loses its answer: it adopts
    /// what that send made.
    async fn adopts_a_lost_answer(existing: &[(&str, &str)], duplicates_allowed: bool) -> Scripted {
        let scripted = Scripted::new(existing, vec![(true, Err(lost()))], TakeOver::Adopt);
        let done = run(&scripted, duplicates_allowed).await.unwrap();
        assert!(
            matches!(done, Done::Adopted(ref id) if id == "made-1"),
            "{done:?}"
        );
        scripted
    }

    #[tokio::test]
    async fn a_lost_answer_is_resolved_by_adopting_what_it_made() {
        let scripted = adopts_a_lost_answer(&[("other", "billing")], false).await;
        assert_eq!(
            scripted.ids(),
            ["other", "made-1"],
            "nothing was created twice"
        );
    }

    #[tokio::test]
    async fn a_lost_answer_whose_object_cannot_be_adopted_is_made_again() {
        let sends = vec![(true, Err(lost())), (true, Err(lost())), (true, Ok(()))];
        let scripted = Scripted::new(&[], sends, TakeOver::SendAgain);
        let done = run(&scripted, false).await.unwrap();
        assert!(
            matches!(done, Done::Made(ref id) if id == "made-3"),
            "{done:?}"
        );
        assert_eq!(
            scripted.ids(),
            ["made-3"],
            "what the lost answers made was removed"
        );
        assert_eq!(*scripted.taken_over.lock().unwrap(), ["made-1", "made-2"]);
    }

    #[tokio::test]
    async fn an_object_that_differs_from_the_request_is_neither_adopted_nor_removed() {
        let differs = TakeOver::Differs("its value is another".into());
        let scripted = Scripted::new(&[], vec![(true, Err(lost()))], differs);
        let refused = run(&scripted, false).await.unwrap_err();
        assert!(
            matches!(refused, Refused::Differs { ref id, .. } if id == "made-1"),
            "{refused:?}"
        );
        assert_eq!(scripted.ids(), ["made-1"], "the object is left as it is");
        assert_eq!(*scripted.sent.lock().unwrap(), 1, "never sent again");
        let mut diags = Diagnostics::default();
        refused.report(&mut diags, &scripted, "secret \"db\"");
        let text = format!("{diags:?}");
        assert!(
            text.contains("its value is another") && text.contains("import made-1"),
            "says what differs and how to import it: {text}"
        );
    }

    #[tokio::test]
    async fn a_failure_before_acting_is_sent_again_until_the_bound() {
        let scripted = Scripted::new(
            &[],
            vec![(false, Err(lost())), (false, Ok(()))],
            TakeOver::Adopt,
        );
        assert!(matches!(run(&scripted, false).await, Ok(Done::Made(_))));

        let never = (0..=MAX_SENDS).map(|_| (false, Err(lost()))).collect();
        let scripted = Scripted::new(&[], never, TakeOver::Adopt);
        let refused = run(&scripted, false).await.unwrap_err();
        assert!(
            matches!(refused, Refused::AllLost { sends, .. } if sends == MAX_SENDS),
            "{refused:?}"
        );
        assert!(scripted.ids().is_empty());
    }

    #[tokio::test]
    async fn a_taken_name_is_refused_before_sending_unless_duplicates_are_allowed() {
        let scripted = Scripted::new(&[("c-1", "orders")], vec![(true, Ok(()))], TakeOver::Adopt);
        let refused = run(&scripted, false).await.unwrap_err();
        assert!(
            matches!(refused, Refused::NameTaken(ref ids) if ids == &["c-1"]),
            "{refused:?}"
        );
        assert_eq!(*scripted.sent.lock().unwrap(), 0);

        // With duplicates allowed, the existing one is never taken for a lost answer's.
        adopts_a_lost_answer(&[("c-1", "orders")], true).await;
    }

    #[tokio::test]
    async fn a_definite_failure_is_not_sent_again() {
        let scripted = Scripted::new(&[], vec![(false, Err(refused()))], TakeOver::Adopt);
        assert!(matches!(
            run(&scripted, false).await,
            Err(Refused::Failed(_))
        ));
        assert_eq!(*scripted.sent.lock().unwrap(), 1);
    }

    #[tokio::test]
    async fn an_unrecorded_create_from_an_earlier_process_is_taken_over() {
        let dir = tempfile::tempdir().unwrap();
        let settings = console::Settings::resolve(console::SettingsInput::default(), &|_| None);
        let shared = Shared::default();
        shared.configure(
            console::Client::new(settings).unwrap(),
            Journal::open(Some(dir.path()), "https://api", "client"),
        );
        let scripted = Scripted::new(&[("c-9", "orders")], vec![], TakeOver::Adopt);
        // The earlier process sent the create and learnt the id, then died.
        shared.journal().begin(&scripted.target);
        shared.journal().made(&scripted.target, "c-9");
        assert_eq!(
            check_name(
                &shared,
                &scripted
                    .ids()
                    .iter()
                    .map(|id| Existing::undated(id.clone(), "orders"))
                    .collect::<Vec<_>>(),
                &scripted.target,
                None
            ),
            NameCheck::Unrecorded("c-9".into())
        );
        let (done, unrecorded) = create(&shared, &scripted.target, &scripted, None, false)
            .await
            .unwrap();
        assert!(
            matches!(done, Done::Adopted(ref id) if id == "c-9"),
            "{done:?}"
        );
        assert_eq!(*scripted.sent.lock().unwrap(), 0);
        unrecorded.recorded();
        assert_eq!(shared.journal().find(&scripted.target), None);
    }
}
