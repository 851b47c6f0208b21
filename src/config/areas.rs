//! The closed list of areas: whether a case's area is one config.toml lists, and which
//! listed area a name she typed most likely means.

use super::{AreaConfig, Config};
use crate::error::Diagnostic;
use crate::t;

impl Config {
    /// Whether `name` may be a case's area: config.toml lists no areas (then the cases make
    /// the list), or lists this one.
    pub fn allows_area(&self, name: &str) -> bool {
        self.areas.is_empty() || self.areas.contains_key(name)
    }

    /// The error for an area config.toml does not list, with the declared one she most
    /// likely meant (or the list) and how to add a new one.
    pub fn unknown_area(&self, name: &str) -> Diagnostic {
        let help = match self.area_meant(name) {
            Some(meant) => t!("config-area-unknown.meant", meant = meant, area = name),
            None => {
                let mut listed: Vec<(&String, &AreaConfig)> = self.areas.iter().collect();
                listed.sort_by_key(|(name, a)| (a.order.is_none(), a.order, *name));
                let names: Vec<&str> = listed.iter().map(|(n, _)| n.as_str()).collect();
                let areas = names.join(&t!("config-list-sep"));
                t!("config-area-unknown.list", areas = areas, area = name)
            }
        };
        Diagnostic::error(t!("config-area-unknown", area = name)).help(help)
    }

    /// The declared area `name` most likely means: one it contains once a suffix such as
    /// 居民区 is taken off (纺大小区 → 纺大), one with the same pinyin (纺达 → 纺大), or one
    /// a typo or two away.
    pub fn area_meant(&self, name: &str) -> Option<&str> {
        const SUFFIXES: &[&str] = &["居民区", "小区", "社区", "居委会", "居委", "村"];
        let mut bare = name.trim();
        while let Some(s) = SUFFIXES.iter().find_map(|s| bare.strip_suffix(s)) {
            bare = s.trim_end();
        }
        let declared = || self.areas.keys().map(String::as_str);
        if let Some(d) = declared()
            .filter(|d| !bare.is_empty() && bare.contains(d))
            .max_by_key(|d| d.chars().count())
        {
            return Some(d);
        }
        let slug = crate::text::slugify(name);
        let bare_slug = crate::text::slugify(bare);
        if let Some(d) = self.areas.iter().find_map(|(d, conf)| {
            let own = crate::text::slugify(d);
            let same = |s: &str| !s.is_empty() && (s == own || conf.slug.as_deref() == Some(s));
            (same(&slug) || same(&bare_slug)).then_some(d.as_str())
        }) {
            return Some(d);
        }
        crate::error::closest(name, declared())
    }
}
