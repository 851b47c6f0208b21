//! What shequ says, in the user's language: Fluent message files under `locales/`, one
//! folder per language, compiled into the binary.
//!
//! The language is chosen once, at start-up ([`detect`], then [`set_lang`]): `--lang`, then
//! `SHEQU_LANG`, then the system's language (`LC_ALL`/`LC_MESSAGES`/`LANG`/`LANGUAGE` on
//! Unix, the platform's setting elsewhere). Any Chinese gives Chinese; anything else English.
//! Messages are formatted when they are made ([`tr`], the [`t!`](crate::t) macro), so a
//! diagnostic carries finished text in one language.

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource};

use Value as FluentValue;
/// A message argument: a string or a number (`Option`s of them too).
pub use fluent_bundle::FluentValue as Value;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicU8, Ordering};

/// A language shequ speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    En,
    Zh,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::En, Lang::Zh];

    /// The folder under `locales/` and the language tag.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Zh => "zh-CN",
        }
    }

    /// `zh`, `zh-CN`, `zh_TW.UTF-8`, `Chinese` … → Chinese; `en`, `C`, `de_DE` … → English.
    /// `None` for an empty or unreadable value (the next source is asked).
    pub fn from_locale(value: &str) -> Option<Lang> {
        let v = value.trim();
        if v.is_empty() {
            return None;
        }
        let lower = v.to_ascii_lowercase();
        if lower.starts_with("zh") || lower.starts_with("chinese") || v.starts_with("中文") {
            Some(Lang::Zh)
        } else {
            Some(Lang::En)
        }
    }
}

static LANG: AtomicU8 = AtomicU8::new(0);

/// Sets the language every later message is formatted in.
pub fn set_lang(lang: Lang) {
    LANG.store(lang as u8, Ordering::Relaxed);
}

/// The current language (English until [`set_lang`] is called).
pub fn lang() -> Lang {
    if LANG.load(Ordering::Relaxed) == Lang::Zh as u8 {
        Lang::Zh
    } else {
        Lang::En
    }
}

/// The colon after "error", "help" or a heading: full-width in Chinese, as in its running
/// text; ASCII and a space in English.
pub fn colon() -> &'static str {
    match lang() {
        Lang::Zh => "：",
        Lang::En => ": ",
    }
}

/// Where the language came from, for a wrong `--lang` or `SHEQU_LANG`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadLang {
    pub source: &'static str,
    pub value: String,
}

/// The language to speak: `explicit` (from `--lang`), else `SHEQU_LANG`, else the system's.
/// `--lang` and `SHEQU_LANG` take `zh` or `en` (or a locale such as `zh_CN.UTF-8`); another
/// value is returned as an error, together with the language the system would give.
pub fn detect(
    explicit: Option<&str>,
    env: &dyn Fn(&str) -> Option<String>,
) -> (Lang, Option<BadLang>) {
    let system = system_lang(env);
    for (source, value) in [
        ("--lang", explicit.map(str::to_string)),
        ("SHEQU_LANG", env("SHEQU_LANG")),
    ] {
        let Some(value) = value.filter(|v| !v.trim().is_empty()) else {
            continue;
        };
        let lower = value.trim().to_ascii_lowercase();
        if lower.starts_with("zh") {
            return (Lang::Zh, None);
        }
        if lower.starts_with("en") {
            return (Lang::En, None);
        }
        return (system, Some(BadLang { source, value }));
    }
    (system, None)
}

/// The system's language. On Unix the POSIX variables decide, in their order of precedence
/// (`LANGUAGE`, GNU's list, counts unless the locale is `C`/`POSIX`); where none is set,
/// the platform's own setting (`sys-locale`: the user's UI language on Windows and macOS).
fn system_lang(env: &dyn Fn(&str) -> Option<String>) -> Lang {
    let locale = ["LC_ALL", "LC_MESSAGES", "LANG"]
        .iter()
        .find_map(|k| env(k).filter(|v| !v.trim().is_empty()));
    if let Some(locale) = &locale {
        let base = locale.split(['.', '@']).next().unwrap_or("");
        if base == "C" || base == "POSIX" {
            return Lang::En;
        }
    }
    if let Some(lang) = env("LANGUAGE").and_then(|list| list.split(':').find_map(Lang::from_locale))
    {
        return lang;
    }
    if let Some(lang) = locale.as_deref().and_then(Lang::from_locale) {
        return lang;
    }
    sys_locale::get_locale()
        .as_deref()
        .and_then(Lang::from_locale)
        .unwrap_or(Lang::En)
}

/// The message files, by name; each exists under every language's folder.
macro_rules! message_files {
    ($($name:literal),+ $(,)?) => {
        /// Names of the message files compiled in (a test checks `locales/` has no other).
        pub const FILES: &[&str] = &[$($name),+];
        pub(crate) fn sources(lang: Lang) -> &'static [&'static str] {
            match lang {
                Lang::En => &[$(include_str!(concat!("../../locales/en/", $name))),+],
                Lang::Zh => &[$(include_str!(concat!("../../locales/zh-CN/", $name))),+],
            }
        }
    };
}

message_files![
    "common.ftl",
    "cli.ftl",
    "config.ftl",
    "content.ftl",
    "build.ftl",
    "output.ftl",
    "render.ftl",
    "photos.ftl",
    "serve.ftl",
];

type Bundle = FluentBundle<FluentResource>;

fn bundle(lang: Lang) -> &'static Bundle {
    static BUNDLES: OnceLock<[Bundle; 2]> = OnceLock::new();
    let all = BUNDLES.get_or_init(|| Lang::ALL.map(make_bundle));
    &all[lang as usize]
}

fn make_bundle(lang: Lang) -> Bundle {
    let id = lang.tag().parse().expect("language tags are valid");
    let mut bundle = Bundle::new_concurrent(vec![id]);
    // No Unicode isolation marks: the text goes to terminals and plain logs.
    bundle.set_use_isolating(false);
    for source in sources(lang) {
        // A syntax error leaves the rest of the file usable; tests keep the files clean.
        let resource = FluentResource::try_new((*source).to_string()).unwrap_or_else(|(r, _)| r);
        // Duplicate ids keep the first; tests keep ids unique.
        let _ = bundle.add_resource(resource);
    }
    bundle
}

/// The message `id` in the current language, with `args` filled in. A message missing in
/// the language falls back to English, then to the id itself (tests keep every id in both).
pub fn tr(id: &str, args: &[(&str, FluentValue<'_>)]) -> String {
    tr_in(lang(), id, args)
}

/// [`tr`] in a given language.
pub fn tr_in(lang: Lang, id: &str, args: &[(&str, FluentValue<'_>)]) -> String {
    format_in(lang, id, args).unwrap_or_else(|| {
        if lang == Lang::En {
            id.to_string()
        } else {
            format_in(Lang::En, id, args).unwrap_or_else(|| id.to_string())
        }
    })
}

fn format_in(lang: Lang, id: &str, args: &[(&str, FluentValue<'_>)]) -> Option<String> {
    let bundle = bundle(lang);
    let (id, attr) = match id.split_once('.') {
        Some((m, a)) => (m, Some(a)),
        None => (id, None),
    };
    let message = bundle.get_message(id)?;
    let pattern = match attr {
        Some(a) => message.get_attribute(a)?.value(),
        None => message.value()?,
    };
    let mut fargs = FluentArgs::new();
    for (k, v) in args {
        fargs.set(*k, v.clone());
    }
    let mut errors = Vec::new();
    let text = bundle.format_pattern(pattern, Some(&fargs), &mut errors);
    Some(text.into_owned())
}

/// What went wrong with a file or socket, in the user's language (the system's own text is
/// English, or in the language of the C library's locale).
pub fn io_error(e: &std::io::Error) -> String {
    io_error_in(lang(), e)
}

/// [`io_error`] in a given language.
pub fn io_error_in(lang: Lang, e: &std::io::Error) -> String {
    use std::io::ErrorKind as K;
    let id = match e.kind() {
        K::NotFound => "io-not-found",
        K::PermissionDenied => "io-permission-denied",
        K::AlreadyExists => "io-already-exists",
        K::StorageFull => "io-storage-full",
        K::QuotaExceeded => "io-quota-exceeded",
        K::ReadOnlyFilesystem => "io-read-only",
        K::IsADirectory => "io-is-a-directory",
        K::NotADirectory => "io-not-a-directory",
        K::DirectoryNotEmpty => "io-directory-not-empty",
        K::InvalidData => "io-invalid-data",
        K::AddrInUse => "io-address-in-use",
        K::AddrNotAvailable => "io-address-not-available",
        K::TimedOut => "io-timed-out",
        K::Interrupted => "io-interrupted",
        K::FileTooLarge => "io-file-too-large",
        K::CrossesDevices => "io-crosses-devices",
        K::TooManyLinks => "io-too-many-links",
        K::InvalidFilename => "io-invalid-filename",
        K::ResourceBusy => "io-busy",
        _ => {
            return match e.raw_os_error() {
                Some(code) => tr_in(lang, "io-other-code", &[("code", Value::from(code))]),
                None => tr_in(lang, "io-other", &[]),
            };
        }
    };
    tr_in(lang, id, &[])
}

/// Every message id of a language, with its attributes as `id.attr` (for tests).
pub fn ids(lang: Lang) -> Vec<String> {
    let mut out = Vec::new();
    for source in sources(lang) {
        let resource = FluentResource::try_new((*source).to_string()).unwrap_or_else(|(r, _)| r);
        for entry in resource.entries() {
            if let fluent_syntax::ast::Entry::Message(m) = entry {
                out.push(m.id.name.to_string());
                for a in &m.attributes {
                    out.push(format!("{}.{}", m.id.name, a.id.name));
                }
            }
        }
    }
    out
}

/// Formats a message of the current language: `t!("id")`, `t!("id", name = value, …)`.
/// Values are anything Fluent takes: strings, numbers, `Option`s of them.
#[macro_export]
macro_rules! t {
    ($id:literal) => {
        $crate::i18n::tr($id, &[])
    };
    ($id:literal, $($key:ident = $value:expr),+ $(,)?) => {
        $crate::i18n::tr($id, &[$((stringify!($key), $crate::i18n::Value::from($value))),+])
    };
}

#[cfg(test)]
mod tests;
