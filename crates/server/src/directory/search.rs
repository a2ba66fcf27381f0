//! Pinyin search keys, so that residents find an item by typing pinyin or its initials.

use linli_core::directory::{SearchKeys, ServiceContent};
use pinyin::ToPinyin;

/// Full pinyin and initials of `text`, lower case, without spaces or tones.
/// Letters and digits are kept as they are; punctuation is dropped.
fn pinyin_of(text: &str) -> (String, String) {
    let mut full = String::new();
    let mut initials = String::new();
    for c in text.chars() {
        if let Some(p) = c.to_pinyin() {
            full.push_str(p.plain());
            initials.push_str(p.first_letter());
        } else if c.is_ascii_alphanumeric() {
            let c = c.to_ascii_lowercase();
            full.push(c);
            initials.push(c);
        }
    }
    (full, initials)
}

/// The keys a device matches typed pinyin against, for one item.
pub fn search_keys(content: &ServiceContent) -> SearchKeys {
    let (name_pinyin, name_initials) = pinyin_of(&content.name);
    let (body_pinyin, body_initials) = pinyin_of(&content.search_body());
    SearchKeys {
        name_pinyin,
        name_initials,
        body_pinyin,
        body_initials,
    }
}

#[cfg(test)]
mod tests {
    use super::pinyin_of;

    #[test]
    fn pinyin_and_initials() {
        assert_eq!(
            pinyin_of("高龄津贴"),
            ("gaolingjintie".into(), "gljt".into())
        );
        assert_eq!(
            pinyin_of("80岁 以上，CT检查"),
            ("80suiyishangctjiancha".into(), "80sysctjc".into())
        );
    }
}
