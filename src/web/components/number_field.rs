//! A number input that shows a setting and leaves the user's typing alone.
//!
//! The page renders every frame while a run plays. An input whose value
//! were set at each render would undo every keystroke, so a student could
//! not add message loss mid-run. This one sets the value only when the
//! setting changes, and after the user commits a number (Enter, or leaving
//! the field) it shows the setting in force until the new one comes back:
//! a refused number does not stay on screen.

use web_sys::HtmlInputElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    /// The setting now, as the field shows it.
    pub value: AttrValue,
    /// The user committed a number: read it from the event's target.
    pub onchange: Callback<Event>,
    #[prop_or_default]
    pub min: Option<AttrValue>,
    #[prop_or_default]
    pub max: Option<AttrValue>,
    pub step: AttrValue,
    /// Its accessible name.
    pub label: AttrValue,
    #[prop_or_default]
    pub testid: Option<AttrValue>,
}

#[function_component]
pub fn NumberField(props: &Props) -> Html {
    let input = use_node_ref();
    {
        let input = input.clone();
        use_effect_with(props.value.clone(), move |value| {
            if let Some(field) = input.cast::<HtmlInputElement>() {
                field.set_value(value);
            }
        });
    }
    let onchange = {
        let (input, value, onchange) = (input.clone(), props.value.clone(), props.onchange.clone());
        Callback::from(move |e: Event| {
            onchange.emit(e);
            if let Some(field) = input.cast::<HtmlInputElement>() {
                field.set_value(&value);
            }
        })
    };
    html! {
        <input ref={input} type="number" min={props.min.clone()} max={props.max.clone()}
            step={props.step.clone()} aria-label={props.label.clone()}
            data-testid={props.testid.clone()} {onchange} />
    }
}
