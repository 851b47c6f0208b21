//! The search index under `public/search/`: format, recall of every Han substring, folding,
//! sharding, determinism. A small reference searcher here reads the JSON the way `search.js`
//! does. `tests/browser/vectors.json` pins the folding and tokenising rules that `search.js`
//! must share with the index (regenerate with `UPDATE_SEARCH_VECTORS=1 cargo test --test search`).

mod common;
use common::*;
use serde_json::{Value, json};
use shequ::index::search::{encode, fold, tokenize};
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

/// Reads an index the way `search.js` does.
struct Index {
    dir: PathBuf,
    meta: Value,
    shards: HashMap<usize, Value>,
    /// Document files by chunk number.
    chunks: HashMap<u32, Value>,
}

/// Decoded postings: ids and infos (empty for filter tokens).
type Postings = (Vec<u32>, Vec<u8>);

impl Index {
    fn open(public: &Path) -> Index {
        let dir = public.join("search");
        let meta = read_json(&dir.join("meta.json"));
        Index {
            dir,
            meta,
            shards: HashMap::new(),
            chunks: HashMap::new(),
        }
    }

    fn postings(&mut self, token: &str) -> Postings {
        let h = encode::fnv1a(token);
        let n = self.meta["shards"].as_u64().unwrap() as usize;
        let k = h as usize % n;
        let dir = self.dir.clone();
        let shard = self
            .shards
            .entry(k)
            .or_insert_with(|| read_json(&dir.join(format!("s/{k}.json"))));
        let v = match shard.get(token) {
            None => return (Vec::new(), Vec::new()),
            Some(Value::Number(z)) => {
                assert_eq!(z.as_u64(), Some(0));
                let big = read_json(&self.dir.join(format!("t/{h:08x}.json")));
                big[token].clone()
            }
            Some(v) => v.clone(),
        };
        let gaps = encode::decode_varints(v[0].as_str().unwrap());
        let mut ids = Vec::new();
        let mut prev: i64 = -1;
        for g in gaps {
            prev += i64::from(g) + 1;
            ids.push(prev as u32);
        }
        let infos: Vec<u8> = v[1]
            .as_str()
            .unwrap()
            .bytes()
            .map(|b| encode::ALPHABET.iter().position(|&a| a == b).unwrap() as u8)
            .collect();
        assert!(infos.is_empty() || infos.len() == ids.len());
        (ids, infos)
    }

    /// Documents per `d/<chunk>.json`.
    fn chunk(&self) -> u32 {
        self.meta["chunk"].as_u64().unwrap() as u32
    }

    fn doc(&mut self, id: u32) -> Value {
        let k = self.chunk();
        let c = id / k;
        let dir = self.dir.clone();
        let chunk = self
            .chunks
            .entry(c)
            .or_insert_with(|| read_json(&dir.join(format!("d/{c}.json"))));
        chunk[(id % k) as usize].clone()
    }

    /// Documents holding every token of every term (before checking the text).
    fn candidates(&mut self, query: &str) -> Vec<u32> {
        let mut ids: Option<Vec<u32>> = None;
        for term in query.split_whitespace() {
            for t in tokenize::query_tokens(&fold::fold(term)) {
                let (p, _) = self.postings(&t);
                ids = Some(match ids {
                    None => p,
                    Some(prev) => prev.into_iter().filter(|x| p.contains(x)).collect(),
                });
            }
        }
        ids.unwrap_or_default()
    }

    /// Candidates whose folded fields contain every folded term: what the page lists.
    fn search(&mut self, query: &str) -> Vec<String> {
        let terms: Vec<String> = query.split_whitespace().map(fold::fold).collect();
        let mut out = Vec::new();
        for id in self.candidates(query) {
            let d = self.doc(id);
            let text = fold::fold(&doc_text(&d));
            if terms.iter().all(|t| text.contains(t.as_str())) {
                out.push(d["t"].as_str().unwrap().to_string());
            }
        }
        out
    }
}

fn read_json(p: &Path) -> Value {
    let s = std::fs::read_to_string(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
    serde_json::from_str(&s).unwrap()
}

/// Every searchable field of a document, one per line.
fn doc_text(d: &Value) -> String {
    let mut parts: Vec<String> = Vec::new();
    if d["k"] == 0 {
        parts.push(d["t"].as_str().unwrap().into());
    }
    for k in ["a", "s", "b"] {
        parts.push(d[k].as_str().unwrap().into());
    }
    for k in ["p", "c", "g"] {
        for v in d[k].as_array().unwrap() {
            parts.push(v.as_str().unwrap().into());
        }
    }
    parts.join("\n")
}

#[test]
fn every_han_substring_of_the_bundled_content_finds_its_case() {
    let site = Site::bundled();
    site.build(&[]);
    let mut idx = Index::open(&site.public());
    let n = idx.meta["docs"].as_u64().unwrap() as u32;
    assert!(n >= 10);
    let mut checked = 0;
    for id in 0..n {
        let d = idx.doc(id);
        let text: Vec<char> = doc_text(&d).chars().collect();
        // Every Han run, every start (stepping to keep the test quick), lengths 1 to 6.
        for start in (0..text.len()).step_by(3) {
            for len in 1..=6 {
                let Some(sub) = text.get(start..start + len) else {
                    break;
                };
                if sub
                    .iter()
                    .any(|&c| tokenize::class(fold::fold_char(c)) != tokenize::Class::Han)
                {
                    break;
                }
                let q: String = sub.iter().collect();
                assert!(
                    idx.candidates(&q).contains(&id),
                    "{q:?} does not find document {id}"
                );
                checked += 1;
            }
        }
    }
    assert!(checked > 5000, "{checked}");
}

#[test]
fn bundled_queries_from_the_issue() {
    let site = Site::bundled();
    site.build(&[]);
    let mut idx = Index::open(&site.public());
    let finds = |idx: &mut Index, q: &str, title: &str| {
        let hits = idx.search(q);
        assert!(
            hits.iter().any(|h| h.starts_with(title)),
            "{q:?} should find {title}: {hits:?}"
        );
    };
    finds(&mut idx, "群租", "联建");
    finds(&mut idx, "加装电梯", "新风");
    finds(&mut idx, "以茶会友", "玉屏");
    finds(&mut idx, "2号线", "创联");
    finds(&mut idx, "２号线", "创联");
    finds(&mut idx, "5万元", "仙霞");
    assert_eq!(idx.search("加裝電梯"), idx.search("加装电梯"));
    assert!(idx.search("群租 以茶会友").is_empty(), "terms are ANDed");
    // Issue-level figure captions are documents of their own.
    let figures: Vec<Value> = (0..idx.meta["docs"].as_u64().unwrap() as u32)
        .map(|i| idx.doc(i))
        .filter(|d| d["k"] == 1)
        .collect();
    assert_eq!(figures.len(), 3);
    assert!(
        figures
            .iter()
            .all(|d| d["u"].as_str().unwrap().starts_with("/areas/"))
    );
}

#[test]
fn fixture_folding_mixed_text_and_escaping_data() {
    let site = Site::fixture("basic");
    site.build(&["--base-url", "https://example.org/archive/"]);
    let mut idx = Index::open(&site.public());
    let meta = &idx.meta;
    assert_eq!(meta["format"], 3);
    assert_eq!(meta["docs"], 4, "3 cases and the issue figure");
    assert_eq!(meta["years"], json!([2024, 2023]));
    assert_eq!(meta["areas"], json!(["纺大", "延西", "紫云"]));
    assert_eq!(meta["forces"].as_array().unwrap().len(), 5);
    // Traditional text, simplified query, and the other way round.
    assert_eq!(idx.search("汗流浃背"), ["纺大：菜市场扶手"]);
    assert_eq!(idx.search("汗流浹背"), ["纺大：菜市场扶手"]);
    assert_eq!(idx.search("２号线"), ["延西：加装电梯"]);
    assert_eq!(
        idx.search("FLOORS"),
        ["延西：加装电梯"],
        "code text, any case"
    );
    assert_eq!(idx.search("紫云小区"), ["紫云小区微改造"]);
    // Partners (aliases resolved) and captions are searchable.
    assert_eq!(idx.search("社区民警").len(), 2);
    assert_eq!(idx.search("电梯竣工"), ["延西：加装电梯"]);
    // Documents carry data as data: the page escapes it.
    let hits: Vec<Value> = (0..4).map(|i| idx.doc(i)).collect();
    let q = hits
        .iter()
        .find(|d| d["t"].as_str().unwrap().contains("<script>"))
        .expect("the <script> title is indexed verbatim");
    assert_eq!(q["u"], "/archive/2023-autumn/qunzu/");
    assert_eq!(q["i"], "2023年秋季刊");
    assert_eq!(q["d"], "2023年");
    let c = hits.iter().find(|d| d["t"] == "纺大：菜市场扶手").unwrap();
    assert_eq!(c["x"], json!({"浹": "浃"}), "its traditional characters");
    let fig = hits.iter().find(|d| d["k"] == 1).unwrap();
    assert_eq!(fig["u"], "/archive/areas/ziyun/");
    // Newest first: ids follow dates.
    assert_eq!(hits[3]["d"], "2023年");
    // Filters are tokens.
    assert_eq!(idx.postings("#a:纺大").0.len(), 2);
    assert_eq!(idx.postings("#y:2023").0, [3]);
    assert_eq!(idx.postings("#f:社区志愿者").0.len(), 1);
    assert_eq!(idx.postings("#g:自治").0.len(), 2);
    // facets.json holds every filter token's ids, for the counts beside the filters.
    let facets = read_json(&site.public().join("search/facets.json"));
    let kinds: Vec<&String> = facets.as_object().unwrap().keys().collect();
    assert_eq!(kinds, ["a", "f", "g", "y"]);
    assert_eq!(
        facets["a"].as_object().unwrap().keys().collect::<Vec<_>>(),
        ["延西", "紫云", "纺大"]
    );
    assert_eq!(facets["y"]["2023"], "D", "id 3");
    for (kind, values) in facets.as_object().unwrap() {
        for (value, ids) in values.as_object().unwrap() {
            let mut prev: i64 = -1;
            let decoded: Vec<u32> = encode::decode_varints(ids.as_str().unwrap())
                .into_iter()
                .map(|g| {
                    prev += i64::from(g) + 1;
                    prev as u32
                })
                .collect();
            assert_eq!(
                decoded,
                idx.postings(&format!("#{kind}:{value}")).0,
                "{kind}:{value}"
            );
        }
    }
    // The title flag is set where the title holds the token.
    let (ids, infos) = idx.postings("群租");
    let at = ids.iter().position(|&i| i == 3).unwrap();
    assert_eq!(infos[at] & 2, 2);
    // The search page reaches the index under the sub-path.
    let html = site.read("search/index.html");
    assert!(html.contains("data-index=\"/archive/search/\""), "{html}");
    assert!(html.contains("<noscript>"));
}

#[test]
fn index_is_deterministic() {
    let site = Site::fixture("basic");
    let (a, b) = (site.root.join("out-a"), site.root.join("out-b"));
    site.build(&["--output", a.to_str().unwrap()]);
    site.build(&["--output", b.to_str().unwrap()]);
    let a = snapshot(&a.join("search"));
    let b = snapshot(&b.join("search"));
    assert!(!a.is_empty());
    assert!(a == b, "two builds wrote different search files");
}

#[test]
fn large_lists_get_their_own_files_and_shards_stay_small() {
    let site = Site::fixture("basic");
    let areas = ["纺大", "延西", "天义", "新风"];
    site.declare_areas(&areas[2..]);
    // 902 cases and the fixture's 4 documents: 906, not a multiple of the chunk size.
    for i in 0..902 {
        site.write(
            &format!("content/2022-bulk/case-{i:04}.md"),
            &format!(
                "+++\ntitle = \"批量案例{i}\"\ndate = \"2022-05\"\narea = \"{}\"\nsummary = \"第{i}号\"\n+++\n\n居民议事，楼组自治，编号{i}。\n",
                areas[i % 4]
            ),
        );
    }
    site.write(
        "content/2022-bulk/_index.md",
        "+++\ntitle = \"批量\"\ndate = \"2022\"\n+++\n",
    );
    site.build(&[]);
    let mut idx = Index::open(&site.public());
    assert_eq!(idx.meta["docs"], 906);
    let shards = idx.meta["shards"].as_u64().unwrap();
    assert!(shards > 1 && shards.is_power_of_two(), "{shards}");
    let search = site.public().join("search");
    let big: Vec<_> = std::fs::read_dir(search.join("t")).unwrap().collect();
    assert!(!big.is_empty(), "common tokens have files of their own");
    for e in std::fs::read_dir(search.join("s")).unwrap() {
        let len = e.unwrap().metadata().unwrap().len();
        assert!(len < 16 * 1024, "shard of {len} bytes");
    }
    // Documents in chunks of consecutive ids, the last one shorter.
    let k = idx.chunk();
    assert_eq!(k as usize, shequ::index::search::CHUNK);
    assert!(k > 1);
    let files = std::fs::read_dir(search.join("d")).unwrap().count() as u32;
    assert_eq!(files, 906u32.div_ceil(k));
    for c in 0..files {
        let chunk = read_json(&search.join(format!("d/{c}.json")));
        let len = chunk.as_array().unwrap().len() as u32;
        assert_eq!(len, k.min(906 - c * k), "chunk {c}");
    }
    // Ids run through the chunks in order: the bulk cases are dated 2022-05 and numbered
    // in the order of their file names (the fixture's 4 documents are newer).
    for i in [0u32, 1, 3, 4, 5, 899, 901] {
        let d = idx.doc(4 + i);
        assert_eq!(d["t"], format!("批量案例{i}"), "id {}", 4 + i);
    }
    // A common token through its own file, a rare one inline.
    assert_eq!(idx.postings("议事").0.len(), 902);
    assert_eq!(idx.search("编号777"), ["批量案例777"]);
    assert_eq!(idx.postings("#a:天义").0.len(), 225);
}

/// The rules `search.js` mirrors, as data.
fn vectors() -> Value {
    let mut fold_rules = Vec::new();
    for cp in 0u32..=0xFFFF {
        let Some(c) = char::from_u32(cp) else {
            continue;
        };
        let f = fold::fold_char(c);
        if f != c && !fold::T2S.contains_key(&c) {
            fold_rules.push(json!([cp, f as u32]));
        }
    }
    let mut classes = Vec::new();
    let mut start = 0u32;
    let class_of = |cp: u32| {
        char::from_u32(cp).map_or(0, |c| match tokenize::class(c) {
            tokenize::Class::Other => 0,
            tokenize::Class::Han => 1,
            tokenize::Class::Word => 2,
        })
    };
    let mut cur = class_of(0);
    for cp in 1u32..=0x10FFFF {
        let k = class_of(cp);
        if k != cur {
            classes.push(json!([start, cp - 1, cur]));
            start = cp;
            cur = k;
        }
    }
    classes.push(json!([start, 0x10FFFF, cur]));
    let samples = [
        "群租",
        "加装电梯",
        "加裝電梯",
        "以茶会友",
        "汗流浹背",
        "情緒",
        "2号线",
        "２号线",
        "5万元",
        "WeChat群",
        "ＷＥＣＨＡＴ",
        "internationalization",
        "Ünïcode",
        "<script>alert(1)</script>",
        "——",
        "居民满意度明显提升",
        "a-b c",
        "〇々かカ한",
    ];
    let mut table = BTreeMap::new();
    for s in samples {
        fold::table_hits(s, &mut table);
    }
    let query_tokens: Vec<Value> = samples
        .iter()
        .map(|s| json!([s, fold::fold(s), tokenize::query_tokens(&fold::fold(s))]))
        .collect();
    let tf: Vec<u8> = (0..=300).map(tokenize::tf_bucket).collect();
    let fnv: Vec<Value> = samples
        .iter()
        .chain(["", "a", "#a:纺大"].iter())
        .map(|s| json!([s, encode::fnv1a(s)]))
        .collect();
    let lists: [&[u32]; 3] = [&[0, 1, 2, 3], &[5, 40, 41, 2000], &[100_000]];
    let postings: Vec<Value> = lists
        .iter()
        .map(|ids| {
            let packed: Vec<u32> = ids
                .iter()
                .enumerate()
                .map(|(i, &d)| (d << 6) | (i as u32 * 13 % 64))
                .collect();
            let (a, b) = encode::postings(&packed, true);
            json!([ids, packed.iter().map(|p| p & 63).collect::<Vec<_>>(), a, b])
        })
        .collect();
    json!({
        "comment": "Generated by tests/search.rs (UPDATE_SEARCH_VECTORS=1 cargo test --test search); search.js must agree.",
        "prefix_max": tokenize::PREFIX_MAX,
        "fold_rules": fold_rules,
        "table": table.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect::<BTreeMap<_, _>>(),
        "classes": classes,
        "query_tokens": query_tokens,
        "tf_bucket": tf,
        "fnv1a": fnv,
        "postings": postings,
    })
}

#[test]
fn vectors_shared_with_search_js_are_current() {
    let path = repo().join("tests/browser/vectors.json");
    let want = vectors();
    if std::env::var_os("UPDATE_SEARCH_VECTORS").is_some() {
        let mut s = serde_json::to_string(&want).unwrap();
        s.push('\n');
        std::fs::write(&path, s).unwrap();
    }
    let have: Value = read_json(&path);
    assert!(
        have == want,
        "tests/browser/vectors.json is stale: run UPDATE_SEARCH_VECTORS=1 cargo test --test search"
    );
}
