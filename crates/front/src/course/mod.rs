//! The course material: the guided lessons (here), the [`gallery`] of
//! ready-made runs their steps open, and the Multi-Paxos page's one-click
//! [`presets`]. (The single-decree page's one preset, the amnesia demo, is
//! `runs::paxos::amnesia`, which the durability tests also run.)
//!
//! A guided lesson is short steps, in order, each opening an example of
//! the gallery and saying what to look at and what to try, with quizzes
//! on the questions the source material asks.
//!
//! A step is addressed as `?course=ID&step=N` (N from 1), which is its own
//! shareable and embeddable URL: opening it opens the step's scenario fresh,
//! so going back to a step restores that step's state. Pure data: the pages
//! draw it, and the tests walk it.

pub mod gallery;
pub mod presets;

use paxos_core::designs::Storage;
use paxos_core::multi::MultiPaxos;
use paxos_core::paxos::SingleDecree;
use paxos_core::protocol::Core;

/// A question with one right answer, and a scenario that shows why.
#[derive(Clone, Copy, Debug)]
pub struct Quiz {
    pub question: &'static str,
    pub choices: &'static [&'static str],
    /// The index of the right choice.
    pub answer: usize,
    pub explanation: &'static str,
    /// The example of the gallery that demonstrates the answer.
    pub shows: &'static str,
}

/// One step: a scenario to open, what it shows, and what to try.
#[derive(Clone, Copy, Debug)]
pub struct Step {
    pub title: &'static str,
    /// The example of the gallery the step opens.
    pub scenario: &'static str,
    pub text: &'static str,
    pub try_this: &'static str,
    pub quiz: Option<Quiz>,
}

/// A lesson's place in the course, without its words: what every page
/// knows of every lesson.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Outline {
    pub id: &'static str,
    pub title: &'static str,
    /// The page its first step opens on (a protocol's `NAME`).
    pub page: &'static str,
    /// How many steps it has.
    pub steps: usize,
}

/// A lesson: a few steps on one idea.
#[derive(Clone, Copy, Debug)]
pub struct Lesson {
    pub outline: Outline,
    pub steps: &'static [Step],
}

impl Lesson {
    /// Step `n` (from 1).
    pub fn step(&self, n: usize) -> Option<&'static Step> {
        n.checked_sub(1).and_then(|i| self.steps.get(i))
    }
}

/// The lesson with this id, as the course lists it.
pub fn outline(id: &str) -> Option<&'static Outline> {
    COURSE.iter().find(|l| l.id == id)
}

/// The lesson after `id`, if any (for "next lesson").
pub fn next_lesson(id: &str) -> Option<&'static Outline> {
    let i = COURSE.iter().position(|l| l.id == id)?;
    COURSE.get(i + 1)
}

/// The lesson with this id among `lessons` (a page's).
pub fn lesson_in(lessons: &'static [&'static Lesson], id: &str) -> Option<&'static Lesson> {
    lessons.iter().copied().find(|l| l.outline.id == id)
}

/// Every lesson with its steps, in the course's order (for the tests and
/// the CLI: a page names only its own list).
pub fn every_lesson() -> impl Iterator<Item = &'static Lesson> {
    COURSE.iter().filter_map(|outline| {
        [DESIGN_LESSONS, PAXOS_LESSONS, MULTI_LESSONS]
            .into_iter()
            .find_map(|lessons| lesson_in(lessons, outline.id))
    })
}

/// Every lesson, in the order a course takes them: what every page knows
/// of each (to list it, and to send a student to its page). Each lesson's
/// steps, with their words, are in its page's list ([`DESIGN_LESSONS`],
/// [`PAXOS_LESSONS`], [`MULTI_LESSONS`]), so that a page's bundle holds
/// the words of its own lessons only.
pub const COURSE: &[Outline] = &[
    DESIGNS, READING, BALLOTS, RMW, LIVENESS, QUORUMS, DURABILITY, CHECKING, MULTI,
];

const DESIGNS: Outline = Outline {
    id: "designs",
    title: "From one server to Paxos",
    page: Storage::NAME,
    steps: 8,
};

const READING: Outline = Outline {
    id: "reading",
    title: "Reading as a learner",
    page: SingleDecree::NAME,
    steps: 2,
};

const BALLOTS: Outline = Outline {
    id: "ballots",
    title: "Ballots as a total order",
    page: SingleDecree::NAME,
    steps: 2,
};

const RMW: Outline = Outline {
    id: "rmw",
    title: "Paxos as a read-modify-write",
    page: SingleDecree::NAME,
    steps: 3,
};

const LIVENESS: Outline = Outline {
    id: "liveness",
    title: "Duelling proposers and backoff",
    page: SingleDecree::NAME,
    steps: 2,
};

const QUORUMS: Outline = Outline {
    id: "quorums",
    title: "Flexible quorums",
    page: SingleDecree::NAME,
    steps: 2,
};

const DURABILITY: Outline = Outline {
    id: "durability",
    title: "Durability",
    page: SingleDecree::NAME,
    steps: 1,
};

const CHECKING: Outline = Outline {
    id: "checking",
    title: "Every order at once: the model checker",
    page: SingleDecree::NAME,
    steps: 4,
};

const MULTI: Outline = Outline {
    id: "multi",
    title: "Multi-Paxos",
    page: MultiPaxos::NAME,
    steps: 4,
};

static DESIGNS_LESSON: Lesson = Lesson {
    outline: DESIGNS,
    steps: &[
        Step {
            title: "Design 1: one server",
            scenario: "design-1-down",
            text: "The simplest storage service is one server: clients write to it and read from it. It is always consistent, because there is only one copy. But it is only as available as that one machine.",
            try_this: "Press Play. The first write and read succeed; then n0 crashes, and the next write and read both fail. Restart n0 (its card) and send a read: the value is back, because the server wrote it to disk.",
            quiz: None,
        },
        Step {
            title: "Design 2: two servers",
            scenario: "design-2-no-writes",
            text: "Keep a copy on two servers. A write goes to both; a read can go to either. Reads now survive a crash, but a write needs both servers to answer.",
            try_this: "Play to the end. The read sent to the crashed n1 times out and tries n0, and succeeds. The write fails, yet n0 took it anyway: the servers now disagree about the value.",
            quiz: Some(Quiz {
                question: "With n1 down, which operations can design 2 still complete?",
                choices: &["Reads and writes", "Reads only", "Writes only", "Neither"],
                answer: 1,
                explanation: "A read needs one server, so it survives; a write needs both, so any one crash stops every write.",
                shows: "design-2-no-writes",
            }),
        },
        Step {
            title: "Design 3: majority voting",
            scenario: "design-3-majority",
            text: "Use an odd number of servers and count votes. A write succeeds when a majority acknowledge it, and a read when a majority report the same value. Any two majorities of three share a server, so a read always meets the last write.",
            try_this: "n2 is down for the whole run; press Play. The write and the read both succeed with only two servers. Crash a second server and send another write: now it fails.",
            quiz: None,
        },
        Step {
            title: "Design 3's flaw: concurrent writers",
            scenario: "design-3-split",
            text: "Voting has no way to order two writes. Each server keeps whichever write reaches it last, so concurrent writers can leave the servers split, and every writer is still told its write succeeded.",
            try_this: "Press Play and watch the Write arrows cross. All three writers are told \"saved\"; the servers end up with three different values; the read finds no majority, and the safety monitor names the anomaly. Then press Check in the Model check panel: it tries every order in which the three writes can reach the servers, and finds the shortest that splits them.",
            quiz: Some(Quiz {
                question: "A, B and C were all acknowledged. What does a read return now?",
                choices: &["A, the first write", "C, the last write", "Whatever the nearest server holds", "Nothing: no value has a majority"],
                answer: 3,
                explanation: "Each server holds a different value, so no value has a majority and every read fails, though every write was told it succeeded.",
                shows: "design-3-split",
            }),
        },
        Step {
            title: "Design 4: two phases (Paxos)",
            scenario: "already-chosen",
            text: "Paxos adds a first phase. A proposer picks a ballot and asks a majority to promise to ignore lower ballots; their answers report what they already accepted. Only then does it ask them to accept a value. If the promises show a value already accepted by a majority in one ballot, that value is chosen, and the proposer announces it instead of its own.",
            try_this: "Press Play. n0 gets \"A\" accepted and crashes. n2's Prepare finds \"A\" on a majority in ballot (1,n0), so it sends no Accept at all: it learns \"A\" and tells everyone.",
            quiz: None,
        },
        Step {
            title: "Design 5: compare-and-set with generations",
            scenario: "design-5-cas-race",
            text: "To update a value safely, read it first, then write the next generation: the generation is the high part of the ballot. Two clients that both read X cannot both win: the loser's phase 1 finds the next generation already taken.",
            try_this: "Press Play. c1 and c2 both try to replace X; exactly one succeeds and the other is told the value is no longer X. Add your own \"if … then set\" from the Clients panel.",
            quiz: None,
        },
        Step {
            title: "Design 5's price: reads during an update",
            scenario: "design-5-read-retry",
            text: "While an update is half done, one server may hold generation 2 and another generation 1. With a third server dead, a read can find no majority at all, so it pauses and asks again.",
            try_this: "Press Play and watch c1's Reads: the first round finds no majority, the second finds Y once the slow Accept has landed.",
            quiz: None,
        },
        Step {
            title: "Design 5's price: a write that cannot tell",
            scenario: "design-5-unsure",
            text: "With a server dead, a writer may see one server at the old generation and one at the new one, and cannot know whether the dead server completed a majority. Writing anyway could overwrite committed data, so it must give up.",
            try_this: "Press Play: c0 gives up. Restart n2 and send the same write again: now it learns generation 1 is taken.",
            quiz: None,
        },
    ],
};

static READING_LESSON: Lesson = Lesson {
    outline: READING,
    steps: &[
        Step {
            title: "A read asks every acceptor",
            scenario: "reading-as-a-learner",
            text: "A node that wants to know what was chosen can act as a learner: it asks every acceptor what it accepted, and needs a majority that accepted the same value in the same ballot. Anything less proves nothing.",
            try_this: "Press Play. The first read finds (v1 at 1), (v1 at 3) and (v2 at 2): no majority in one ballot, so it fails. Then n2's proposer runs: its phase 1 hears from n0 and itself, whose highest ballot holds v2, so it gets v2 chosen (legal: v1 never was), and the second read finds v2. Use Read (Propose panel) at any node yourself.",
            quiz: Some(Quiz {
                question: "(v1, ballot 1) on n0, (v1, ballot 3) on n1, (v2, ballot 2) on n2. Is v1 chosen?",
                choices: &["Yes: two of three acceptors hold v1", "No: the two v1 votes are in different ballots", "Only if n2 crashes"],
                answer: 1,
                explanation: "A value is chosen when a majority accept it in the same ballot. n2 may hold v2 from a ballot that could still complete; counting across ballots is a bug.",
                shows: "bug-count-across-ballots",
            }),
        },
        Step {
            title: "What the next proposer must do",
            scenario: "counting-question",
            text: "What a new proposer must carry depends on whom its phase 1 hears from. In the last run n2's proposer never heard from n1, so the highest ballot it saw held v2, and choosing v2 was safe: v1 had never been chosen. Here, from the same state, the proposer's quorum includes n1, so the highest ballot it sees is 3, and it must carry v1: as far as it can tell, v1 may already be chosen.",
            try_this: "Press Play: the new proposer, n0, hears from n1 and proposes v1, not its own v3. Click its Promises to see what each acceptor reported.",
            quiz: None,
        },
    ],
};

static BALLOTS_LESSON: Lesson = Lesson {
    outline: BALLOTS,
    steps: &[
        Step {
            title: "A ballot is (round, node)",
            scenario: "first-decision",
            text: "Every ballot is a round number paired with the proposer's node id, so no two proposers ever share one, and any proposer can pick one higher than any it has seen. Acceptors compare ballots, never wall-clock times.",
            try_this: "Step through the run and click a Prepare: its ballot is (1,n0). Click a Promise to see what the acceptor promised.",
            quiz: None,
        },
        Step {
            title: "Why an acceptor keeps two numbers",
            scenario: "bug-one-ballot",
            text: "An acceptor remembers the highest ballot it promised and, separately, the ballot of the value it accepted. With one number, a promise would relabel an old value with a new ballot, and a stale value would look recent.",
            try_this: "This run has the one-number bug on (see Break Paxos). Press Play: a later proposer trusts a relabelled value and a second value is chosen. Rewind, switch the bug off, and play again.",
            quiz: Some(Quiz {
                question: "Can each acceptor keep only one ballot number instead of two?",
                choices: &["Yes, the promised ballot is enough", "No: it would misreport when its value was accepted"],
                answer: 1,
                explanation: "Phase 1 must report the ballot a value was accepted in. Overwriting it with a later promise makes an old, possibly unchosen value outrank a chosen one.",
                shows: "bug-one-ballot",
            }),
        },
    ],
};

static RMW_LESSON: Lesson = Lesson {
    outline: RMW,
    steps: &[
        Step {
            title: "Phase 1 reads, phase 2 writes",
            scenario: "crash-mid-round",
            text: "Phase 1 is a read: the promises report what was accepted. Phase 2 is the write, and it must write back the value it read, if any. The ballot detects a race between the read and the write: an acceptor that promised a newer ballot refuses the old write.",
            try_this: "Press Play. n0 crashes mid-write. n2's phase 1 reads \"A\" from n1, and its phase 2 writes \"A\", not its own \"C\".",
            quiz: None,
        },
        Step {
            title: "A write that ignores its read",
            scenario: "bug-ignore-promises",
            text: "Skip the rule and let the proposer write its own value whatever phase 1 reported: it overwrites a value already chosen.",
            try_this: "Press Play and read the red banner. Then rewind to 0, untick \"Ignore promised values\" in Break Paxos, and play again: one value only.",
            quiz: Some(Quiz {
                question: "Do the majorities of phase 1 and phase 2 have to be the same acceptors?",
                choices: &["Yes, exactly the same", "No: they only need to overlap"],
                answer: 1,
                explanation: "Any phase-1 quorum must meet any phase-2 quorum, so the read sees every value that may be chosen. Which acceptors answer each time does not matter.",
                shows: "flexible-quorums",
            }),
        },
        Step {
            title: "A late write that slips in",
            scenario: "bug-accept-without-promise",
            text: "The promise is what makes the race detectable: an acceptor that promised ballot 2 must refuse ballot 1's Accept. Without that check, a slow Accept lands after a newer proposer has already read.",
            try_this: "Press Play: both values reach a majority. Click the Accept arrows to see which ballots they carry.",
            quiz: None,
        },
    ],
};

static LIVENESS_LESSON: Lesson = Lesson {
    outline: LIVENESS,
    steps: &[
        Step {
            title: "A duel that never ends",
            scenario: "duel-without-backoff",
            text: "Two proposers can keep pre-empting each other: each Prepare lands just before the other's Accept, so neither finishes. Nothing unsafe happens; nothing happens at all.",
            try_this: "Press Play: for the two seconds this scenario runs, ballots climb and nothing is chosen; with no backoff it would go on forever. Then switch Backoff on (Settings) at any moment and play on from there.",
            quiz: None,
        },
        Step {
            title: "Random backoff breaks the tie",
            scenario: "duel-with-backoff",
            text: "After a rejection, a proposer waits a random, growing time before trying again. Soon one proposer gets a whole round in while the other waits.",
            try_this: "Press Play: after a few rejections one proposer wins. Turn Backoff off in Settings and replay to compare.",
            quiz: None,
        },
    ],
};

static QUORUMS_LESSON: Lesson = Lesson {
    outline: QUORUMS,
    steps: &[
        Step {
            title: "Quorums that meet",
            scenario: "flexible-quorums",
            text: "Phase 1 and phase 2 need not use majorities. With five acceptors, phase 1 can ask for four promises and phase 2 for only two acceptances: 4 + 2 > 5, so every phase-1 quorum meets every phase-2 quorum.",
            try_this: "Press Play. Then change Q1 and Q2 in Break Paxos and watch the rule line say whether they still meet.",
            quiz: None,
        },
        Step {
            title: "Quorums that miss",
            scenario: "flexible-quorums-broken",
            text: "With three acceptors, one promise and two acceptances: 1 + 2 is not above 3. A proposer's phase 1 can miss every acceptor that accepted the other value, and two values are chosen.",
            try_this: "Press Play and read the banner. Set Q1 back to 2 at time 0 and replay: safe again.",
            quiz: Some(Quiz {
                question: "Five acceptors, Q2 = 3. What is the smallest safe Q1?",
                choices: &["2", "3", "4"],
                answer: 1,
                explanation: "Q1 + Q2 must exceed N: 3 + 3 = 6 > 5, while 2 + 3 = 5 is not enough.",
                shows: "flexible-quorums-broken",
            }),
        },
    ],
};

static DURABILITY_LESSON: Lesson = Lesson {
    outline: DURABILITY,
    steps: &[Step {
        title: "An acceptor must remember",
        scenario: "bug-amnesia",
        text: "Promises and acceptances are written to disk before the acceptor answers. An acceptor that forgets them after a crash can promise a newer ballot as if it had never voted, and a second value gets chosen.",
        try_this: "Press Play: \"A\" is chosen, n1 and n2 restart empty, and \"B\" is chosen too. Untick Amnesia in Break Paxos at time 0 and replay: n1 finds \"A\" on disk.",
        quiz: Some(Quiz {
            question: "May an acceptor send its Promise before the promise is on disk?",
            choices: &["Yes, if the disk is fast", "No: a crash in between would make it forget what it told a proposer"],
            answer: 1,
            explanation: "A reply is a commitment. If the acceptor can crash and forget it, the proposer relied on a vote that no longer exists.",
            shows: "bug-amnesia",
        }),
    }],
};

static CHECKING_LESSON: Lesson = Lesson {
    outline: CHECKING,
    steps: &[
        Step {
            title: "Not one run: every run",
            scenario: "duel-with-backoff",
            text: "A run is one order of events, drawn from a seed. The model checker tries every order instead: which message arrives next, which timer fires, which client sends, from the start, breadth first. It checks the safety properties in every state it reaches, and it stops at bounds you set, so that the space is finite. \"No violation\" then means no order of events within those bounds breaks safety: a proof over the bounds, not a sample.",
            try_this: "In Model check, press Check. Two proposers, correct Paxos: no violation in about 785,000 states, with up to 13 choices and 2 ballots per proposer. Then set Crashes to 1 and check again: still none, with every crash and restart in every place.",
            quiz: Some(Quiz {
                question: "The checker found no violation within its bounds. What does that say?",
                choices: &["Paxos is safe for any cluster and any run", "No order of events within the bounds breaks safety", "The runs it sampled were all fine"],
                answer: 1,
                explanation: "It covered every state within the bounds, so nothing within them breaks safety; beyond them (more ballots, more steps, more nodes) it says nothing.",
                shows: "duel-with-backoff",
            }),
        },
        Step {
            title: "Can an acceptor keep only one ballot number?",
            scenario: "check-one-ballot",
            text: "This run has the one-number bug on, and played it looks fine: the bug needs an order of events that a network seldom picks. A seeded sweep may need hundreds of seeds to stumble on it. The checker needs none: breadth first, the first violation it meets is a shortest one.",
            try_this: "Press Play: one value is chosen. Now press Check: a violation of one_value_chosen in 13 choices. Press Play it and step through it (Step): a promise relabels n0's accepted value with a newer ballot, a proposer trusts it, and a second value is chosen. Step back once, and the violation is gone.",
            quiz: None,
        },
        Step {
            title: "Quorums that need not meet",
            scenario: "flexible-quorums-broken",
            text: "Flexible quorums are safe only if every phase-1 quorum meets every phase-2 quorum: Q1 + Q2 above the number of acceptors. Here phase 1 needs one promise and phase 2 two acceptances, out of three.",
            try_this: "Press Check, then Play it: the diagram marks the two quorums, and that they share no acceptor. Set the phase-1 quorum back to 2 in Break Paxos and check again: no violation.",
            quiz: None,
        },
        Step {
            title: "What only a crash shows",
            scenario: "bug-amnesia",
            text: "These acceptors never write to disk. As long as nothing crashes, nobody can tell: the checker, with no crash allowed, completes each disk write with the step that issued it, since only a crash could tell a pending write from a done one. Allow a crash and it tries one in every place.",
            try_this: "Set Crashes to 0 and press Check: no violation. Set it back to 1 (the bound this run starts with) and check again: a promise broken in 5 choices, a crash among them. Play it and find the crash.",
            quiz: None,
        },
    ],
};

static MULTI_LESSON: Lesson = Lesson {
    outline: MULTI,
    steps: &[
        Step {
            title: "A leader, and one round trip per command",
            scenario: "multi-steady",
            text: "Each log slot is its own Paxos instance. A stable leader runs phase 1 once for every slot at the same time, and then each command costs only phase 2: one round trip.",
            try_this: "Press Play: one Prepare round elects the leader, then each command is an Accept and its Accepted.",
            quiz: None,
        },
        Step {
            title: "Gaps and no-ops",
            scenario: "multi-gaps",
            text: "When a leader crashes, some slots may be accepted but not known chosen, and some may be empty. The new leader's phase 1 finds them: it re-proposes what may have been chosen and fills holes with no-ops, because commands run in log order.",
            try_this: "Press Play and watch the log view: a hole appears when the leader dies, and the new leader fills it.",
            quiz: None,
        },
        Step {
            title: "Pipelining",
            scenario: "multi-window-8",
            text: "A leader need not wait for slot 141 before proposing 142. With a window of eight slots in flight, about eight commands finish per round trip instead of one.",
            try_this: "Press Play and compare with the window-1 example in the gallery.",
            quiz: None,
        },
        Step {
            title: "Duelling leaders",
            scenario: "multi-duel",
            text: "Leader election is Paxos phase 1 too, so would-be leaders can duel just like proposers, and randomized timeouts settle it.",
            try_this: "Press Play with backoff off: every replica campaigns at once.",
            quiz: None,
        },
    ],
};

/// The lessons whose steps open on the storage designs' page.
pub static DESIGN_LESSONS: &[&Lesson] = &[&DESIGNS_LESSON];

/// The lessons whose steps open on single-decree Paxos's page (the designs
/// lesson ends there).
pub static PAXOS_LESSONS: &[&Lesson] = &[
    &DESIGNS_LESSON,
    &READING_LESSON,
    &BALLOTS_LESSON,
    &RMW_LESSON,
    &LIVENESS_LESSON,
    &QUORUMS_LESSON,
    &DURABILITY_LESSON,
    &CHECKING_LESSON,
];

/// The lessons whose steps open on the Multi-Paxos page.
pub static MULTI_LESSONS: &[&Lesson] = &[&MULTI_LESSON];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_step_and_every_quiz_opens_a_real_lesson() {
        let mut steps = 0;
        // Every lesson of the course is in the list of each page one of its
        // steps opens on, and the first step's page is the outline's.
        let lessons: Vec<&Lesson> = every_lesson().collect();
        let outlines: Vec<Outline> = lessons.iter().map(|l| l.outline).collect();
        assert_eq!(outlines, COURSE);
        let page_lists = [
            ("designs", DESIGN_LESSONS),
            ("paxos", PAXOS_LESSONS),
            ("multi", MULTI_LESSONS),
        ];
        for lesson in lessons {
            let id = lesson.outline.id;
            assert!(!lesson.steps.is_empty(), "{id}");
            assert_eq!(lesson.steps.len(), lesson.outline.steps, "{id}");
            for (i, step) in lesson.steps.iter().enumerate() {
                steps += 1;
                let where_ = format!("{id} step {}", i + 1);
                let example = crate::course::gallery::get(step.scenario);
                assert!(example.is_some(), "{where_}: {}", step.scenario);
                let page = example.unwrap().page();
                if i == 0 {
                    assert_eq!(page, lesson.outline.page, "{where_}");
                }
                let (_, list) = page_lists.iter().find(|(p, _)| *p == page).unwrap();
                assert!(
                    lesson_in(list, id).is_some(),
                    "{where_}: not on {page}'s list"
                );
                if let Some(quiz) = step.quiz {
                    assert!(quiz.answer < quiz.choices.len(), "{where_}");
                    assert!(
                        crate::course::gallery::get(quiz.shows).is_some(),
                        "{where_}: {}",
                        quiz.shows
                    );
                }
            }
        }
        assert!(steps >= 20, "{steps} steps");
        let ids: std::collections::BTreeSet<_> = COURSE.iter().map(|l| l.id).collect();
        assert_eq!(ids.len(), COURSE.len(), "ids are unique");
    }

    #[test]
    fn the_course_follows_the_issue_s_order() {
        let order: Vec<&str> = COURSE.iter().map(|l| l.id).collect();
        assert_eq!(
            order,
            [
                "designs",
                "reading",
                "ballots",
                "rmw",
                "liveness",
                "quorums",
                "durability",
                "checking",
                "multi"
            ]
        );
        let designs = lesson_in(DESIGN_LESSONS, "designs").unwrap();
        assert_eq!(designs.step(1).unwrap().scenario, "design-1-down");
        assert!(designs.step(0).is_none());
        assert!(lesson_in(DESIGN_LESSONS, "multi").is_none());
        assert_eq!(outline("multi").unwrap().page, "multi");
        assert_eq!(next_lesson("designs").unwrap().id, "reading");
        assert!(next_lesson("multi").is_none());
    }
}
