//! `config.toml` → typed [`Config`], with built-in defaults for the five forces (五社) and the
//! five governance modes (五治).

use crate::error::{Diagnostic, Diagnostics};
use crate::t;
use crate::text::slug;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::Path;
use toml::Spanned;

mod areas;
mod local_url;
mod photos;
pub mod toml_error;

pub use local_url::local_base_url_warning;
pub use photos::PhotosConfig;

/// One of the five social forces or five governance modes.
#[derive(Debug, Clone, Deserialize, serde::Serialize, PartialEq, Hash)]
#[serde(deny_unknown_fields)]
pub struct Dimension {
    pub name: String,
    pub slug: String,
    #[serde(default)]
    pub definition: String,
    /// Other words for it: accepted in front matter and looked for in case texts by `check`.
    #[serde(default)]
    pub synonyms: Vec<String>,
}

#[derive(Debug, Clone, Deserialize, Default, PartialEq, Hash)]
#[serde(deny_unknown_fields)]
pub struct AreaConfig {
    pub slug: Option<String>,
    #[serde(default)]
    pub description: String,
    /// Display order; areas without one follow, by pinyin.
    pub order: Option<i64>,
    /// What kind of place it is when not a residential area (居民区): 业委会, 社会组织 …
    pub kind: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    title: String,
    #[serde(default)]
    description: String,
    base_url: String,
    #[serde(default = "default_language")]
    language: String,
    #[serde(default = "default_theme")]
    theme: String,
    #[serde(default)]
    forces: Option<Vec<Dimension>>,
    #[serde(default)]
    governance: Option<Vec<Dimension>>,
    #[serde(default)]
    partner_aliases: BTreeMap<String, String>,
    #[serde(default)]
    areas: BTreeMap<String, AreaConfig>,
    #[serde(default = "default_per_page")]
    paginate_by: usize,
    #[serde(default)]
    share_image: Option<String>,
    #[serde(default)]
    photos: PhotosConfig,
}

/// Where config.toml holds the values checked beyond their type, to point errors at them.
#[derive(Deserialize)]
struct Spans {
    base_url: Option<Spanned<String>>,
    #[serde(default)]
    forces: Vec<SlugSpan>,
    #[serde(default)]
    governance: Vec<SlugSpan>,
    #[serde(default)]
    areas: BTreeMap<String, SlugSpan>,
    photos: Option<photos::PhotoSpans>,
}

#[derive(Deserialize)]
struct SlugSpan {
    slug: Option<Spanned<String>>,
}

fn default_language() -> String {
    "zh-CN".into()
}
fn default_theme() -> String {
    "default".into()
}
fn default_per_page() -> usize {
    30
}

/// The site's configuration. `Hash` covers every value, so caches of what was built from
/// one configuration can tell when it changed.
#[derive(Debug, Clone, Hash)]
pub struct Config {
    pub title: String,
    pub description: String,
    /// Always ends with `/`.
    pub base_url: String,
    /// Path part of `base_url`, always starting and ending with `/` (`/` or `/archive/`).
    pub base_path: String,
    pub language: String,
    pub theme: String,
    pub forces: Vec<Dimension>,
    pub governance: Vec<Dimension>,
    pub partner_aliases: BTreeMap<String, String>,
    pub areas: BTreeMap<String, AreaConfig>,
    pub paginate_by: usize,
    /// The picture share cards show for a page without a photo of its own: a file under
    /// `static/` (`share.png`) or a full address.
    pub share_image: Option<String>,
    pub photos: PhotosConfig,
}

/// Largest config.toml read.
const MAX_CONFIG_BYTES: u64 = 1024 * 1024;

impl Config {
    /// Reads and validates `config.toml`; `shown` is the path printed in messages.
    /// The configuration stage: like every stage, its value (`None` when it failed) with
    /// what it had to say added to `diags`.
    pub fn load(path: &Path, shown: &Path, diags: &mut Diagnostics) -> Option<Config> {
        Config::read(path, shown).map_err(|e| diags.extend(e)).ok()
    }

    fn read(path: &Path, shown: &Path) -> Result<Config, Vec<Diagnostic>> {
        // Never open a FIFO or a device (opening one can block for ever), nor read a huge file.
        if let Ok(meta) = std::fs::metadata(path)
            && (!meta.is_file() || meta.len() > MAX_CONFIG_BYTES)
        {
            let why = if meta.is_file() {
                t!("config-unreadable.too-large", kb = MAX_CONFIG_BYTES / 1024)
            } else {
                t!("config-unreadable.not-file")
            };
            return Err(vec![
                Diagnostic::error(t!("config-unreadable", why = why))
                    .in_file(shown)
                    .help(t!("config-unreadable.help-not-file")),
            ]);
        }
        let text = std::fs::read_to_string(path).map_err(|e| {
            let why = crate::i18n::io_error(&e);
            vec![
                Diagnostic::error(t!("config-unreadable", why = why))
                    .in_file(shown)
                    .help(t!("config-unreadable.help")),
            ]
        })?;
        Config::parse(&text, shown)
    }

    pub fn parse(text: &str, shown: &Path) -> Result<Config, Vec<Diagnostic>> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let raw: RawConfig = toml::from_str(text).map_err(|e| {
            let span = e.span().unwrap_or(0..0);
            let value = text.get(span.clone()).unwrap_or("");
            let key = key_at(text, span.start);
            let said = toml_error::describe(e.message(), key.as_deref(), value);
            vec![
                Diagnostic::error(t!("config-invalid", problem = said.problem))
                    .at(shown, text, span.start, span.end)
                    .help(said.help.unwrap_or_else(|| t!("config-invalid.help"))),
            ]
        })?;
        let mut errors = Vec::new();
        // The same text parsed again, for positions only: it parsed above, so this cannot fail.
        let spans: Option<Spans> = toml::from_str(text).ok();
        let at_value = |span: Option<std::ops::Range<usize>>, fallback: &str| {
            span.unwrap_or_else(|| {
                let at = text.find(fallback).unwrap_or(0);
                at..at + fallback.len()
            })
        };
        let base_url = normalise_base_url(&raw.base_url);
        let base_path = match base_path_of(&raw.base_url) {
            Ok(p) => p,
            Err(problem) => {
                let span = at_value(
                    spans
                        .as_ref()
                        .and_then(|s| s.base_url.as_ref())
                        .map(Spanned::span),
                    "base_url",
                );
                errors.push(
                    Diagnostic::error(problem.message(BaseUrlSource::Config, &raw.base_url))
                        .at(shown, text, span.start, span.end)
                        .help(t!("config-base-url.help")),
                );
                "/".into()
            }
        };
        let slugs = spans.iter().flat_map(|s| {
            let dims = [
                ("forces", &s.forces, "shequ-zhiyuanzhe"),
                ("governance", &s.governance, "zizhi"),
            ]
            .into_iter()
            .flat_map(|(what, list, example)| {
                list.iter().map(move |d| {
                    let place = t!("config-slug-place", table = what, name = "");
                    (place, d, example)
                })
            });
            let areas = s.areas.iter().map(|(name, a)| {
                let name = format!("{name:?}");
                let place = t!("config-slug-place", table = "areas", name = name);
                (place, a, "fangda")
            });
            dims.chain(areas)
        });
        for (place, entry, example) in slugs {
            let Some(slug) = &entry.slug else { continue };
            if !slug::is_valid_slug(slug.get_ref()) {
                let span = slug.span();
                errors.push(
                    Diagnostic::error(slug::invalid_slug_message(slug.get_ref()))
                        .at(shown, text, span.start, span.end)
                        .label(place)
                        .help(slug::invalid_slug_help(example)),
                );
            }
        }
        let forces = raw.forces.unwrap_or_else(default_forces);
        let governance = raw.governance.unwrap_or_else(default_governance);
        for (what, list) in [("forces", &forces), ("governance", &governance)] {
            if list.is_empty() {
                errors.push(
                    Diagnostic::error(t!("config-dimension-empty", what = what))
                        .in_file(shown)
                        .help(t!("config-dimension-empty.help", what = what)),
                );
            }
        }
        if raw.paginate_by == 0 {
            errors.push(Diagnostic::error(t!("config-paginate-zero")).in_file(shown));
        }
        let photo_spans = spans.as_ref().and_then(|s| s.photos.as_ref());
        errors.extend(raw.photos.check(photo_spans, text, shown));
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(Config {
            title: raw.title,
            description: raw.description,
            base_url,
            base_path,
            language: raw.language,
            theme: raw.theme,
            forces,
            governance,
            partner_aliases: raw.partner_aliases,
            areas: raw.areas,
            paginate_by: raw.paginate_by,
            share_image: raw.share_image.filter(|s| !s.trim().is_empty()),
            photos: raw.photos,
        })
    }

    /// The site path of `share_image` when it names a file of the site (`share.png`), not
    /// a full address (`https://…`).
    pub fn share_image_site_path(&self) -> Option<&str> {
        let s = self.share_image.as_deref()?;
        let full = s.starts_with("https://") || s.starts_with("http://");
        (!full).then(|| s.trim_start_matches('/'))
    }

    /// Replaces the base URL (from `--base-url` or the dev server).
    pub fn set_base_url(&mut self, url: &str) -> Result<(), Diagnostic> {
        let path = base_path_of(url).map_err(|problem| {
            Diagnostic::error(problem.message(BaseUrlSource::Option, url))
                .help(t!("config-base-url.help"))
        })?;
        self.base_url = normalise_base_url(url);
        self.base_path = path;
        Ok(())
    }

    /// Canonical partner name: aliases resolved.
    pub fn partner_name<'a>(&'a self, name: &'a str) -> &'a str {
        self.partner_aliases.get(name).map_or(name, String::as_str)
    }
}

fn normalise_base_url(url: &str) -> String {
    let url = url.trim();
    if url.ends_with('/') {
        url.to_string()
    } else {
        format!("{url}/")
    }
}

/// Where a base URL came from, for its messages.
#[derive(Clone, Copy)]
enum BaseUrlSource {
    Config,
    Option,
}

/// Why a base URL cannot be used: every link is built from it.
#[derive(Debug, Clone, Copy, PartialEq)]
enum BaseUrlProblem {
    NotAbsolute,
    Query,
    Fragment,
    SpaceOrControl,
}

impl BaseUrlProblem {
    fn message(self, source: BaseUrlSource, url: &str) -> String {
        let source = match source {
            BaseUrlSource::Config => "config",
            BaseUrlSource::Option => "option",
        };
        let problem = match self {
            BaseUrlProblem::NotAbsolute => "absolute",
            BaseUrlProblem::Query => "query",
            BaseUrlProblem::Fragment => "fragment",
            BaseUrlProblem::SpaceOrControl => "space",
        };
        let url = format!("{url:?}");
        t!(
            "config-base-url",
            source = source,
            url = url,
            problem = problem
        )
    }
}

/// The name whose value is at byte `at` of a TOML text: the nearest line at or above it
/// that reads `name = …` (a dotted name gives its last part; headings are skipped).
pub fn key_at(text: &str, at: usize) -> Option<String> {
    let at = at.min(text.len());
    let line_end = text[at..].find('\n').map_or(text.len(), |i| at + i);
    text[..line_end].lines().rev().find_map(|line| {
        let (key, _) = line.split_once('=')?;
        let key = key.trim();
        if key.is_empty() || key.starts_with(['[', '#']) || key.contains(['"', '\'', ',']) {
            return None;
        }
        key.rsplit('.').next().map(|k| k.trim().to_string())
    })
}

/// The path part of a base URL (`/` or `/archive/`), if every link can be built from it: an
/// absolute http(s) URL with a host, without query, fragment, spaces or control characters.
fn base_path_of(url: &str) -> Result<String, BaseUrlProblem> {
    let url = normalise_base_url(url);
    if url.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(BaseUrlProblem::SpaceOrControl);
    }
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .ok_or(BaseUrlProblem::NotAbsolute)?;
    if rest.contains('?') {
        return Err(BaseUrlProblem::Query);
    }
    if rest.contains('#') {
        return Err(BaseUrlProblem::Fragment);
    }
    match rest.find('/') {
        Some(0) | None => Err(BaseUrlProblem::NotAbsolute),
        Some(slash) => Ok(rest[slash..].to_string()),
    }
}

fn dim(name: &str, slug: &str, definition: &str, synonyms: &[&str]) -> Dimension {
    Dimension {
        name: name.into(),
        slug: slug.into(),
        definition: definition.into(),
        synonyms: synonyms.iter().map(|s| s.to_string()).collect(),
    }
}

/// The five social forces (五社), with the wording case texts use for them.
pub fn default_forces() -> Vec<Dimension> {
    vec![
        dim(
            "社区",
            "shequ",
            "居民委员会、居民区党组织和居民区本身：五社联动的平台与牵头者。",
            &["居委会", "居民区两委", "居委", "两委", "党总支"],
        ),
        dim(
            "社会组织",
            "shehui-zuzhi",
            "依法登记的社会组织、服务中心和公益机构：五社联动的载体。",
            &["公益机构", "公益组织", "服务中心", "事务所", "培育评估中心"],
        ),
        dim(
            "社会工作者",
            "shehui-gongzuozhe",
            "专业社会工作者和社区工作者：五社联动的支撑。",
            &["社工", "社区工作者"],
        ),
        dim(
            "社区志愿者",
            "shequ-zhiyuanzhe",
            "参与志愿服务的居民：楼组长、党员志愿者、居民骨干。",
            &["志愿者", "楼组长", "党员骨干", "居民骨干"],
        ),
        dim(
            "社会慈善资源",
            "shehui-cishan-ziyuan",
            "慈善捐赠、企业回馈、公益服务等社会资源：五社联动的补充。",
            &["慈善", "捐赠", "基金", "爱心", "公益服务", "反哺"],
        ),
    ]
}

/// The five modes of governance (五治).
pub fn default_governance() -> Vec<Dimension> {
    vec![
        dim(
            "政治",
            "zhengzhi",
            "党建引领：党组织领导和党的建设贯穿社区治理。",
            &["党建引领", "党支部", "红色"],
        ),
        dim(
            "自治",
            "zizhi",
            "居民自我管理、自我教育、自我服务，自己的事情自己商量着办。",
            &["议事会", "自治小组", "公约", "协商", "自治"],
        ),
        dim(
            "法治",
            "fazhi",
            "依法治理：法律法规、执法和法律服务。",
            &["普法", "律师", "执法", "法律法规", "法治"],
        ),
        dim(
            "德治",
            "dezhi",
            "以德化人：公德、邻里关爱、文明风尚和谈心劝导。",
            &["公德", "关爱", "文明", "谈心", "德治"],
        ),
        dim(
            "智治",
            "zhizhi",
            "智慧治理：数字化平台、数据和信息化手段。",
            &["数字化", "信息平台", "微信群", "电子屏", "信息化", "智治"],
        ),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_url_sub_path() {
        let c = Config::parse(
            "title = \"t\"\nbase_url = \"https://example.org/archive\"\n",
            Path::new("config.toml"),
        )
        .unwrap();
        assert_eq!(c.base_url, "https://example.org/archive/");
        assert_eq!(c.base_path, "/archive/");
        assert_eq!(c.forces.len(), 5);
        assert_eq!(c.governance[4].name, "智治");
    }

    #[test]
    fn bad_key_names_line() {
        let err = Config::parse(
            "title = \"t\"\nbase_url = \"https://e.org/\"\ntheem = \"x\"\n",
            Path::new("config.toml"),
        )
        .unwrap_err();
        assert_eq!(err[0].line, 3);
        assert!(err[0].message.contains("theem"), "{}", err[0].message);
    }

    fn errors(text: &str) -> Vec<Diagnostic> {
        Config::parse(text, Path::new("config.toml")).unwrap_err()
    }

    #[test]
    fn bad_slugs_are_located_and_reported_together() {
        let text = "title = \"t\"\nbase_url = \"https://e.org/\"\n\n[areas.\"纺大\"]\nslug = \".\"\n\n[areas.\"延西\"]\nslug = \"Fang Da\"\n\n[areas.\"ok\"]\nslug = \"yanxi\"\n\n[[forces]]\nname = \"社区\"\nslug = \"a/b\"\n\n[[governance]]\nname = \"自治\"\n  slug = \"../../evil\"\n";
        let got: Vec<(usize, usize, String)> = errors(text)
            .into_iter()
            .map(|d| (d.line, d.col, format!("{} {}", d.message, d.label.unwrap())))
            .collect();
        assert_eq!(
            got,
            [
                (
                    15,
                    8,
                    "slug \"a/b\" is not a readable URL part in a [[forces]] entry".to_string()
                ),
                (
                    19,
                    10,
                    "slug \"../../evil\" is not a readable URL part in a [[governance]] entry"
                        .to_string()
                ),
                (
                    8,
                    8,
                    "slug \"Fang Da\" is not a readable URL part in [areas.\"延西\"]".to_string()
                ),
                (
                    5,
                    8,
                    "slug \".\" is not a readable URL part in [areas.\"纺大\"]".to_string()
                ),
            ]
        );
        let help = errors(text)[3].help.clone().unwrap();
        assert!(help.contains("slug = \"fangda\""), "{help}");
        for bad in ["", "-", "-x", "A"] {
            let e = errors(&format!(
                "title = \"t\"\nbase_url = \"https://e.org/\"\n[areas.x]\nslug = {bad:?}\n"
            ));
            assert_eq!((e.len(), e[0].line, e[0].col), (1, 4, 8), "{bad:?}");
        }
    }

    #[test]
    fn base_url_must_be_usable_for_links() {
        for (url, says) in [
            ("https://example.org/?x=1", "has a query"),
            ("https://example.org/#frag", "has a fragment"),
            ("https://example.org/my site/", "contains a space"),
            ("https://example.org/\\u0007", "control character"),
            ("ftp://example.org/", "not an absolute URL"),
            ("https:///archive/", "not an absolute URL"),
            ("example.org", "not an absolute URL"),
        ] {
            let e = errors(&format!("title = \"t\"\n\nbase_url = \"{url}\"\n"));
            assert_eq!(e.len(), 1, "{url}");
            assert!(e[0].message.starts_with("base_url "), "{}", e[0].message);
            assert!(e[0].message.contains(says), "{url}: {}", e[0].message);
            assert_eq!((e[0].line, e[0].col), (3, 12), "{url}");
            assert!(
                e[0].help
                    .as_ref()
                    .unwrap()
                    .contains("https://example.org/archive/")
            );
        }
        let mut c = Config::parse(
            "title = \"t\"\nbase_url = \"http://e.org\"\n",
            Path::new("c"),
        )
        .unwrap();
        let e = c
            .set_base_url("https://staging.example.org/?preview=1")
            .unwrap_err();
        assert!(
            e.message.starts_with(
                "the --base-url option \"https://staging.example.org/?preview=1\" has a query"
            ),
            "{}",
            e.message
        );
        assert_eq!(c.base_url, "http://e.org/", "unchanged");
        c.set_base_url("http://127.0.0.1:1111/archive").unwrap();
        assert_eq!(
            (c.base_url.as_str(), c.base_path.as_str()),
            ("http://127.0.0.1:1111/archive/", "/archive/")
        );
    }

    #[test]
    fn finds_the_key_of_a_value() {
        let front = "title = \"t\"\nforces = [\n  \"社区\",\n  1,\n]\n[[figures]]\ncaption = 2\n";
        assert_eq!(
            key_at(front, front.find("1,").unwrap()).as_deref(),
            Some("forces")
        );
        assert_eq!(
            key_at(front, front.find("2\n").unwrap()).as_deref(),
            Some("caption")
        );
        assert_eq!(key_at(front, 8).as_deref(), Some("title"));
    }

    #[test]
    fn relative_base_url_is_an_error() {
        let err = Config::parse("title = \"t\"\nbase_url = \"/x/\"\n", Path::new("c")).unwrap_err();
        assert!(err[0].message.contains("absolute"));
    }
}
