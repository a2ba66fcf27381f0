//! How a log-in's device is named on "where am I logged in": from its browser's
//! User-Agent, in words people recognise ("iPhone · 微信").

/// Browsers as their User-Agent names them, most specific first (many carry "Safari"
/// and "Chrome" too).
const BROWSERS: [(&str, &str); 11] = [
    ("MicroMessenger", "微信"),
    ("DingTalk", "钉钉"),
    ("QQBrowser", "QQ 浏览器"),
    ("UCBrowser", "UC 浏览器"),
    ("HuaweiBrowser", "华为浏览器"),
    ("MiuiBrowser", "小米浏览器"),
    ("Edg", "Edge"),
    ("Firefox", "Firefox"),
    ("Chrome", "Chrome"),
    ("CriOS", "Chrome"),
    ("Safari", "Safari"),
];

/// Systems, most specific first (an iPad or Android also says "Mac OS X" or "Linux").
const SYSTEMS: [(&str, &str); 7] = [
    ("iPhone", "iPhone"),
    ("iPad", "iPad"),
    ("HarmonyOS", "鸿蒙手机"),
    ("Android", "安卓手机"),
    ("Windows", "Windows 电脑"),
    ("Macintosh", "Mac 电脑"),
    ("Linux", "Linux 电脑"),
];

/// "iPhone · 微信", "安卓手机 · Chrome", or "未知设备" for what it cannot tell.
pub fn device_label(user_agent: &str) -> String {
    let find = |table: &[(&str, &'static str)]| {
        table
            .iter()
            .find(|(token, _)| user_agent.contains(token))
            .map(|(_, name)| *name)
    };
    match (find(&SYSTEMS), find(&BROWSERS)) {
        (Some(system), Some(browser)) => format!("{system} · {browser}"),
        (Some(one), None) | (None, Some(one)) => one.to_owned(),
        (None, None) => "未知设备".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn devices_are_named_as_people_know_them() {
        let cases = [
            (
                "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 MicroMessenger/8.0.40",
                "iPhone · 微信",
            ),
            (
                "Mozilla/5.0 (Linux; Android 13; V2148A) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/116.0 Mobile Safari/537.36",
                "安卓手机 · Chrome",
            ),
            (
                "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36 Edg/120.0",
                "Windows 电脑 · Edge",
            ),
            (
                "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_0) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Safari/605.1.15",
                "Mac 电脑 · Safari",
            ),
            (
                "Mozilla/5.0 (Linux; Android 12; HarmonyOS; NOH-AN00) AppleWebKit/537.36 HuaweiBrowser/14.0 Mobile Safari/537.36",
                "鸿蒙手机 · 华为浏览器",
            ),
            ("curl/8.0", "未知设备"),
            ("", "未知设备"),
        ];
        for (ua, label) in cases {
            assert_eq!(device_label(ua), label, "{ua}");
        }
    }
}
