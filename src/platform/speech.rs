//! Read-aloud with the browser's speech synthesis, in Chinese.

use wasm_bindgen::JsCast;

fn synthesis() -> Option<web_sys::SpeechSynthesis> {
    let window = web_sys::window()?;
    // Absent in some in-app browsers; calling it there would throw.
    js_sys::Reflect::get(&window, &"speechSynthesis".into())
        .ok()
        .filter(|s| !s.is_undefined() && !s.is_null())
        .map(|s| s.unchecked_into())
}

fn chinese_voice() -> Option<web_sys::SpeechSynthesisVoice> {
    synthesis()?
        .get_voices()
        .iter()
        .filter_map(|v| v.dyn_into::<web_sys::SpeechSynthesisVoice>().ok())
        .find(|v| {
            let lang = v.lang().to_lowercase().replace('_', "-");
            lang.starts_with("zh-cn") || lang == "zh" || lang.starts_with("cmn")
        })
}

/// Whether this device can read Chinese aloud.
pub fn available() -> bool {
    chinese_voice().is_some()
}

/// Reads `text` aloud, stopping anything being read.
pub fn speak(text: &str) {
    let (Some(synthesis), Some(voice)) = (synthesis(), chinese_voice()) else {
        return;
    };
    synthesis.cancel();
    if let Ok(utterance) = web_sys::SpeechSynthesisUtterance::new_with_text(text) {
        utterance.set_voice(Some(&voice));
        utterance.set_lang("zh-CN");
        // A little slower than default: easier to follow for older listeners.
        utterance.set_rate(0.9);
        synthesis.speak(&utterance);
    }
}

pub fn stop() {
    if let Some(synthesis) = synthesis() {
        synthesis.cancel();
    }
}

/// Calls `f` when the list of voices changes (browsers load voices late).
pub fn on_voices_changed(f: impl Fn() + 'static) {
    if let Some(synthesis) = synthesis() {
        let handler = wasm_bindgen::closure::Closure::<dyn Fn()>::new(f);
        synthesis.set_onvoiceschanged(Some(handler.as_ref().unchecked_ref()));
        handler.forget();
    }
}
