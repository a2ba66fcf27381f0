//! Offline search over Chinese text by substring, full pinyin and pinyin
//! initials. Pinyin comes precomputed with the data (see
//! [`crate::directory::SearchKeys`]); building an index normalises every item
//! once, so each keystroke only compares strings.

/// Folds what people type into one form: full-width letters and digits become
/// ASCII, letters lower-case, and spaces (including the ideographic one) vanish.
pub fn normalize(text: &str) -> String {
    text.chars()
        .filter_map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0),
            c if c.is_whitespace() => None,
            c => Some(c),
        })
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect()
}

/// The text of one item to search, before normalising.
pub struct Entry<'a> {
    pub name: &'a str,
    pub name_pinyin: &'a str,
    pub name_initials: &'a str,
    pub body: &'a str,
    pub body_pinyin: &'a str,
    pub body_initials: &'a str,
}

struct Indexed {
    name: String,
    name_chars: usize,
    name_pinyin: String,
    name_initials: String,
    body: String,
    body_pinyin: String,
    body_initials: String,
}

/// Items prepared for searching, in their original order.
pub struct SearchIndex {
    items: Vec<Indexed>,
}

impl SearchIndex {
    pub fn new<'a>(entries: impl IntoIterator<Item = Entry<'a>>) -> Self {
        Self {
            items: entries
                .into_iter()
                .map(|e| {
                    let name = normalize(e.name);
                    Indexed {
                        name_chars: name.chars().count(),
                        name,
                        name_pinyin: normalize(e.name_pinyin),
                        name_initials: normalize(e.name_initials),
                        body: normalize(e.body),
                        body_pinyin: normalize(e.body_pinyin),
                        body_initials: normalize(e.body_initials),
                    }
                })
                .collect(),
        }
    }

    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// Positions of the items matching `query`, best first: matches in the name
    /// before matches in the body, closer matches before looser ones, shorter
    /// names first, then original order. An empty query matches nothing.
    pub fn search(&self, query: &str) -> Vec<usize> {
        let query = normalize(query);
        if query.is_empty() {
            return Vec::new();
        }
        let latin = query.bytes().all(|b| b.is_ascii_alphanumeric());
        let mut hits: Vec<(u32, usize, usize)> = self
            .items
            .iter()
            .enumerate()
            .filter_map(|(i, item)| Some((score(item, &query, latin)?, item.name_chars, i)))
            .collect();
        hits.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
        hits.into_iter().map(|(_, _, i)| i).collect()
    }
}

fn score(item: &Indexed, query: &str, latin: bool) -> Option<u32> {
    let name = if item.name == query {
        Some(100)
    } else if item.name.starts_with(query) {
        Some(95)
    } else if item.name.contains(query) {
        Some(90)
    } else if latin && item.name_pinyin.starts_with(query) {
        Some(85)
    } else if latin && item.name_initials.starts_with(query) {
        Some(84)
    } else if latin && item.name_pinyin.contains(query) {
        Some(80)
    } else if latin && query.len() >= 2 && item.name_initials.contains(query) {
        Some(79)
    } else {
        None
    };
    // Body matches rank below every name match. Short pinyin fragments match
    // almost any long text, so they must be specific enough to mean something.
    name.or_else(|| {
        if item.body.contains(query) {
            Some(50)
        } else if latin && query.len() >= 3 && item.body_pinyin.contains(query) {
            Some(40)
        } else if latin && query.len() >= 4 && item.body_initials.contains(query) {
            Some(30)
        } else {
            None
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Item {
        name: &'static str,
        name_pinyin: &'static str,
        name_initials: &'static str,
        body: &'static str,
        body_pinyin: &'static str,
        body_initials: &'static str,
    }

    const ITEMS: [Item; 5] = [
        Item {
            name: "高龄津贴申领",
            name_pinyin: "gaolingjintieshenling",
            name_initials: "gljtsl",
            body: "80周岁以上老人每月领取高龄津贴 身份证 户口簿",
            body_pinyin: "80zhousuiyishanglaorenmeiyuelingqugaolingjintie shenfenzheng hukoubu",
            body_initials: "80zsysglrmylqgljt sfz hkb",
        },
        Item {
            name: "老年人优待证办理",
            name_pinyin: "laonianrenyoudaizhengbanli",
            name_initials: "lnrydzbl",
            body: "60周岁以上老人凭证享受公园、乘车优待 身份证 一寸照片",
            body_pinyin: "60zhousuiyishanglaorenpingzhengxiangshougongyuanchengcheyoudai shenfenzheng yicunzhaopian",
            body_initials: "60zsysglrpzxsgyccyd sfz yczp",
        },
        Item {
            name: "居住证明开具",
            name_pinyin: "juzhuzhengmingkaiju",
            name_initials: "jzzmkj",
            body: "为本社区居民开具居住证明 身份证 户口簿 房产证或租房合同",
            body_pinyin: "weibenshequjumin kaijujuzhuzhengming shenfenzheng hukoubu fangchanzhenghuozufanghetong",
            body_initials: "wbsqjmkjjzzm sfz hkb fczhzfht",
        },
        Item {
            name: "城乡居民养老保险参保",
            name_pinyin: "chengxiangjuminyanglaobaoxiancanbao",
            name_initials: "cxjmylbxcb",
            body: "未参加职工养老保险的居民参保登记 身份证 户口簿 社保卡",
            body_pinyin: "weicanjiazhigongyanglaobaoxiandejumincanbaodengji shenfenzheng hukoubu shebaoka",
            body_initials: "wcjzgylbxdjmcbdj sfz hkb sbk",
        },
        Item {
            name: "开锁服务",
            name_pinyin: "kaisuofuwu",
            name_initials: "ksfw",
            body: "钥匙丢了找备案开锁师傅 身份证 房产证明",
            body_pinyin: "yaoshidiulezhaobeiankaisuoshifu shenfenzheng fangchanzhengming",
            body_initials: "ysdlzbaksf sfz fczm",
        },
    ];

    fn index() -> SearchIndex {
        SearchIndex::new(ITEMS.iter().map(|i| Entry {
            name: i.name,
            name_pinyin: i.name_pinyin,
            name_initials: i.name_initials,
            body: i.body,
            body_pinyin: i.body_pinyin,
            body_initials: i.body_initials,
        }))
    }

    fn names(query: &str) -> Vec<&'static str> {
        index()
            .search(query)
            .into_iter()
            .map(|i| ITEMS[i].name)
            .collect()
    }

    #[test]
    fn finds_by_chinese_pinyin_and_initials() {
        let table: [(&str, &[&str]); 12] = [
            ("高龄津贴", &["高龄津贴申领"]),
            ("gljt", &["高龄津贴申领"]),
            ("gaoling", &["高龄津贴申领"]),
            ("gao ling", &["高龄津贴申领"]),
            ("ＧＬＪＴ", &["高龄津贴申领"]),
            ("ｇａｏｌｉｎｇ", &["高龄津贴申领"]),
            ("高龄　津贴", &["高龄津贴申领"]),
            ("GaoLing", &["高龄津贴申领"]),
            ("开锁", &["开锁服务"]),
            ("ks", &["开锁服务"]),
            ("居住证明", &["居住证明开具"]),
            ("xyz", &[]),
        ];
        for (query, expected) in table {
            assert_eq!(names(query), expected, "query {query:?}");
        }
    }

    #[test]
    fn name_matches_rank_before_body_matches() {
        // 户口簿 appears only in bodies; 证 in names and bodies.
        // Equal matches: shorter names first, then the original order.
        assert_eq!(
            names("户口簿"),
            ["高龄津贴申领", "居住证明开具", "城乡居民养老保险参保"]
        );
        let ranked = names("证");
        assert_eq!(ranked[..2], ["居住证明开具", "老年人优待证办理"]);
        assert_eq!(ranked.len(), 5);
        // Pinyin of a material finds the items that need it, after none in the name.
        assert_eq!(names("shebaoka"), ["城乡居民养老保险参保"]);
        assert_eq!(names("hukoubu").len(), 3);
    }

    #[test]
    fn exact_and_prefix_matches_come_first() {
        assert_eq!(names("老年人优待证办理"), ["老年人优待证办理"]);
        // "lao" starts 老年人…, occurs inside 城乡居民养老…, and in a body (…老人…).
        assert_eq!(
            names("lao"),
            ["老年人优待证办理", "城乡居民养老保险参保", "高龄津贴申领"]
        );
    }

    #[test]
    fn short_latin_queries_do_not_match_every_body() {
        assert!(names("s").len() <= 2);
        assert!(names("").is_empty());
        assert!(names("   ").is_empty());
    }

    #[test]
    fn normalizes_full_width_and_spaces() {
        assert_eq!(normalize("Ｇａｏ Ｌｉｎｇ　１２３"), "gaoling123");
        assert_eq!(normalize(" 高龄 津贴 "), "高龄津贴");
    }
}
