//! The guided lessons beside the playground: the step's text, what to try,
//! a quiz when the step has one, and Back / Next. Every step is its own
//! URL (`?course=ID&step=N` on the page of the step's scenario), so Back
//! and Next are links: opening a step opens its scenario fresh, and going
//! back restores the earlier step's state.

use crate::web::site;
use paxos_front::course::{self, Lesson, Outline, COURSE};
use web_sys::HtmlSelectElement;
use yew::prelude::*;

#[derive(Properties)]
pub struct Props {
    /// The lessons with a step on this page, with their words
    /// (`WebProtocol::LESSONS`).
    pub lessons: &'static [&'static Lesson],
    /// The lesson and step (from 1) the page was opened on, if any.
    pub at: Option<(&'static str, usize)>,
    /// The example of the gallery the page was opened on (`?example=`), if
    /// any.
    pub example: Option<String>,
    /// The page's query without the course, step, example and protocol:
    /// the embed options and the like, which every step's link keeps.
    pub keep: AttrValue,
    /// Go to this address.
    pub on_go: Callback<String>,
}

impl PartialEq for Props {
    /// A page's lessons are one static list: the same list is the same
    /// lessons, without comparing their words.
    fn eq(&self, other: &Props) -> bool {
        std::ptr::eq(self.lessons, other.lessons)
            && (self.at, &self.example, &self.keep, &self.on_go)
                == (other.at, &other.example, &other.keep, &other.on_go)
    }
}

/// The address of step `n` of `lesson`, on the page that shows its
/// scenario, keeping the page's embed options (`keep`).
fn address_of_step(lesson: &Lesson, n: usize, keep: &str) -> String {
    let Some(step) = lesson.step(n) else {
        return String::new();
    };
    let page = paxos_front::course::gallery::get(step.scenario).map_or("paxos", |e| e.page());
    address_on(page, lesson.outline.id, n, keep)
}

/// The address of a lesson's first step, on its page.
fn address_of_lesson(outline: &Outline, keep: &str) -> String {
    address_on(outline.page, outline.id, 1, keep)
}

fn address_on(page: &str, lesson: &str, n: usize, keep: &str) -> String {
    let path = site::page_path(page).unwrap_or_default();
    let and = if keep.is_empty() { "" } else { "&" };
    format!("{path}?{keep}{and}course={lesson}&step={n}")
}

/// The URL that opens the gallery's example `id` on its page while staying on
/// step `n` of `lesson`: the panel stays, with a way back to the step's
/// own run.
fn shown_in_course(lesson: &Lesson, n: usize, id: &str) -> String {
    let page = paxos_front::course::gallery::get(id).map_or("paxos", |e| e.page());
    format!(
        "{}?course={}&step={n}&example={id}",
        site::page_path(page).unwrap_or_default(),
        lesson.outline.id
    )
}

/// The example the page shows instead of the step's own (after "Show me
/// in a run"), if any.
fn shown_instead(
    example: Option<&str>,
    step_scenario: &str,
) -> Option<&'static paxos_front::course::gallery::Example> {
    paxos_front::course::gallery::get(example?).filter(|e| e.id != step_scenario)
}

#[function_component]
pub fn LessonPanel(props: &Props) -> Html {
    let choice = use_state(|| None::<usize>);
    let checked = use_state(|| false);
    // Wrong answers so far: the first earns another try, not the answer.
    let wrong = use_state(|| 0u32);
    let revealed = use_state(|| false);
    let keep = props.keep.as_str();
    let step_url = |lesson: &Lesson, n: usize| address_of_step(lesson, n, keep);
    let pick_lesson = {
        let (on_go, keep) = (props.on_go.clone(), props.keep.clone());
        Callback::from(move |e: Event| {
            let select: HtmlSelectElement = e.target_unchecked_into();
            if let Some(outline) = course::outline(&select.value()) {
                on_go.emit(address_of_lesson(outline, &keep));
            }
        })
    };
    let picker = |current: Option<&str>| {
        html! {
            <select data-testid="lesson-select" aria-label="Choose a lesson" onchange={pick_lesson.clone()}>
                if current.is_none() {
                    <option value="" selected=true>{"Start a guided lesson…"}</option>
                }
                { for COURSE.iter().enumerate().map(|(i, l)| html! {
                    <option value={l.id} selected={current == Some(l.id)}>{format!("{}. {}", i + 1, l.title)}</option>
                }) }
            </select>
        }
    };
    let Some((lesson, n)) = props
        .at
        .and_then(|(id, n)| course::lesson_in(props.lessons, id).map(|l| (l, n)))
        .filter(|(l, n)| l.step(*n).is_some())
    else {
        return html! {
            <section class="panel lesson idle" aria-label="Guided lessons" data-testid="lesson-panel">
                <header class="panel-head"><h2>{"Guided lessons"}</h2></header>
                <p class="hint">{"Nine short lessons, from a single server to Multi-Paxos, each step with a scenario to play and something to try."}</p>
                { picker(None) }
            </section>
        };
    };
    let step = lesson.step(n).expect("filtered");
    let id = lesson.outline.id;
    let number = COURSE.iter().position(|l| l.id == id).unwrap_or(0) + 1;
    let last = n == lesson.steps.len();
    let next = if last {
        course::next_lesson(id).map(|l| {
            (
                address_of_lesson(l, keep),
                format!("Next lesson: {} →", l.title),
            )
        })
    } else {
        Some((step_url(lesson, n + 1), "Next →".to_string()))
    };
    let quiz = step.quiz.map(|quiz| {
        let choose = |i: usize| {
            let choice = choice.clone();
            let checked = checked.clone();
            Callback::from(move |_: Event| {
                choice.set(Some(i));
                checked.set(false);
            })
        };
        let check = {
            let checked = checked.clone();
            let wrong = wrong.clone();
            let chosen = *choice;
            Callback::from(move |_: MouseEvent| {
                checked.set(true);
                if chosen != Some(quiz.answer) {
                    wrong.set(*wrong + 1);
                }
            })
        };
        let reveal = {
            let revealed = revealed.clone();
            Callback::from(move |_: MouseEvent| revealed.set(true))
        };
        let result = (*checked).then_some(*choice).flatten().map(|c| {
            let right = c == quiz.answer;
            let show_answer = right || *revealed || *wrong >= 2;
            if !show_answer {
                return html! {
                    <div class="quiz-result wrong" data-testid="quiz-result" data-right="false" role="status">
                        <strong>{"Not quite. "}</strong>{"Think about it once more and try another answer."}
                        <button class="link" data-testid="quiz-reveal" onclick={reveal}>{"Show me the answer"}</button>
                    </div>
                };
            }
            html! {
                <div class={classes!("quiz-result", if right { "right" } else { "wrong" })} data-testid="quiz-result"
                    data-right={right.to_string()} role="status">
                    <strong>{ if right { "Right. " } else { "Not quite. " } }</strong>
                    { if right { String::new() } else { format!("The answer: {} ", quiz.choices[quiz.answer]) } }
                    <p>{quiz.explanation}</p>
                    <a href={shown_in_course(lesson, n, quiz.shows)} data-testid="quiz-show">{"Show me in a run →"}</a>
                </div>
            }
        });
        html! {
            <fieldset class="quiz" data-testid="quiz">
                <legend>{"Quiz: "}{quiz.question}</legend>
                { for quiz.choices.iter().enumerate().map(|(i, text)| html! {
                    <label class="choice">
                        <input type="radio" name="quiz" checked={*choice == Some(i)} onchange={choose(i)}
                            data-testid={format!("quiz-choice-{i}")} />
                        {*text}
                    </label>
                }) }
                <button class="small" data-testid="quiz-check" onclick={check} disabled={choice.is_none()}>{"Check"}</button>
                { result.unwrap_or_default() }
            </fieldset>
        }
    });
    html! {
        <section class="panel lesson" aria-label="Guided lesson" data-testid="lesson-panel"
            data-lesson={id} data-step={n.to_string()}>
            <header class="panel-head">
                <h2>{format!("Lesson {number} · step {n} of {}", lesson.steps.len())}</h2>
            </header>
            { picker(Some(id)) }
            <h3 data-testid="step-title">{step.title}</h3>
            if let Some(shown) = shown_instead(props.example.as_deref(), step.scenario) {
                <p class="shown-instead" data-testid="shown-instead">
                    {format!("Showing the run \"{}\", from the quiz. ", shown.title)}
                    <a href={step_url(lesson, n)} data-testid="back-to-step">{"← Back to this step's run"}</a>
                </p>
            }
            <p>{step.text}</p>
            <p class="try" data-testid="try-this"><strong>{"Try this. "}</strong>{step.try_this}</p>
            { quiz.unwrap_or_default() }
            <nav class="steps" aria-label="Lesson steps">
                if n > 1 {
                    <a class="button small" href={step_url(lesson, n - 1)} data-testid="lesson-back">{"← Back"}</a>
                } else {
                    <span></span>
                }
                <a class="step-link" href={step_url(lesson, n)} data-testid="step-link"
                    title="This step's own address: share it, or embed it with &embed=1">{"link to this step"}</a>
                { match next {
                    Some((href, label)) => html! { <a class="button small primary" href={href} data-testid="lesson-next">{label}</a> },
                    None => html! { <span class="done" data-testid="course-done">{"Course complete ✓"}</span> },
                } }
            </nav>
        </section>
    }
}
