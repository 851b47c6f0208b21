//! What each template includes, extends, imports and calls, and the cycles in it that Tera 1
//! does not catch: they recurse until the stack overflows and abort the process (a build, or
//! the dev server), so a theme holding one is rejected when it loads, with the cycle named.

use crate::error::Diagnostic;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use tera::ast::{Expr, ExprVal, Node};

/// One parsed template and where it came from.
pub struct Source<'a> {
    /// Path shown in messages (relative to the site root).
    pub shown: &'a Path,
    pub text: &'a str,
    pub parsed: &'a tera::Template,
}

/// A place rendering can enter: a template's own body, or the body of one macro.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Unit {
    Template(String),
    Macro { file: String, name: String },
}

/// Why one unit enters another: the statement to point at.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Via {
    Include(String),
    Extends(String),
    Import(String),
    Call { namespace: String, name: String },
}

struct Edge {
    to: usize,
    via: Via,
}

/// Every cycle in `sources` that would recurse without end, one diagnostic each: templates
/// that include, extend or import themselves (directly or through others), and macros that
/// call themselves.
pub fn cycles(sources: &BTreeMap<String, Source>) -> Vec<Diagnostic> {
    let mut errors = Vec::new();
    // Rendering: includes, extends, macro calls.
    let (units, edges) = render_graph(sources);
    for scc in cyclic_components(&edges) {
        errors.push(report(sources, &units, &edges, &scc, false));
    }
    // Loading macros: Tera follows imports before it marks a file as loaded.
    let (units, edges) = import_graph(sources);
    for scc in cyclic_components(&edges) {
        errors.push(report(sources, &units, &edges, &scc, true));
    }
    errors
}

/// References found in a list of nodes (macro definitions are units of their own).
#[derive(Default)]
struct Refs {
    includes: Vec<String>,
    extends: Vec<String>,
    calls: Vec<(String, String)>,
}

fn node_refs(nodes: &[Node], r: &mut Refs) {
    for n in nodes {
        match n {
            Node::VariableBlock(_, e) => expr_refs(e, r),
            Node::Set(_, s) => expr_refs(&s.value, r),
            Node::Include(_, names, _) => r.includes.extend(names.iter().cloned()),
            Node::Extends(_, name) => r.extends.push(name.clone()),
            Node::Block(_, b, _) => node_refs(&b.body, r),
            Node::FilterSection(_, f, _) => {
                f.filter.args.values().for_each(|e| expr_refs(e, r));
                node_refs(&f.body, r);
            }
            Node::Forloop(_, f, _) => {
                expr_refs(&f.container, r);
                node_refs(&f.body, r);
                if let Some(body) = &f.empty_body {
                    node_refs(body, r);
                }
            }
            Node::If(i, _) => {
                for (_, cond, body) in &i.conditions {
                    expr_refs(cond, r);
                    node_refs(body, r);
                }
                if let Some((_, body)) = &i.otherwise {
                    node_refs(body, r);
                }
            }
            Node::MacroDefinition(..)
            | Node::ImportMacro(..)
            | Node::Super
            | Node::Text(_)
            | Node::Raw(..)
            | Node::Break(_)
            | Node::Continue(_)
            | Node::Comment(..) => {}
        }
    }
}

fn expr_refs(e: &Expr, r: &mut Refs) {
    value_refs(&e.val, r);
    for f in &e.filters {
        f.args.values().for_each(|a| expr_refs(a, r));
    }
}

fn value_refs(v: &ExprVal, r: &mut Refs) {
    match v {
        ExprVal::MacroCall(m) => {
            r.calls.push((m.namespace.clone(), m.name.clone()));
            m.args.values().for_each(|a| expr_refs(a, r));
        }
        ExprVal::FunctionCall(f) => f.args.values().for_each(|a| expr_refs(a, r)),
        ExprVal::Math(m) => {
            expr_refs(&m.lhs, r);
            expr_refs(&m.rhs, r);
        }
        ExprVal::Logic(l) => {
            expr_refs(&l.lhs, r);
            expr_refs(&l.rhs, r);
        }
        ExprVal::In(i) => {
            expr_refs(&i.lhs, r);
            expr_refs(&i.rhs, r);
        }
        ExprVal::Test(t) => t.args.iter().for_each(|a| expr_refs(a, r)),
        ExprVal::Array(items) => items.iter().for_each(|a| expr_refs(a, r)),
        ExprVal::StringConcat(s) => s.values.iter().for_each(|v| value_refs(v, r)),
        ExprVal::String(_)
        | ExprVal::Int(_)
        | ExprVal::Float(_)
        | ExprVal::Bool(_)
        | ExprVal::Ident(_) => {}
    }
}

fn render_graph(sources: &BTreeMap<String, Source>) -> (Vec<Unit>, Vec<Vec<Edge>>) {
    let mut units: Vec<Unit> = Vec::new();
    for (name, s) in sources {
        units.push(Unit::Template(name.clone()));
        let mut macros: Vec<&String> = s.parsed.macros.keys().collect();
        macros.sort();
        units.extend(macros.into_iter().map(|m| Unit::Macro {
            file: name.clone(),
            name: m.clone(),
        }));
    }
    let index: BTreeMap<&Unit, usize> = units.iter().enumerate().map(|(i, u)| (u, i)).collect();
    // Which file a namespace can stand for. Tera resolves a call against the namespaces of
    // whichever template is active (inside a block, the block's template, not the macro's
    // file), so a call may reach any file bound to its namespace anywhere in the theme.
    let mut bound: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for (name, s) in sources {
        if !s.parsed.macros.is_empty() {
            bound.entry("self").or_default().insert(name);
        }
        for (file, ns) in &s.parsed.imported_macro_files {
            bound.entry(ns).or_default().insert(file);
        }
    }
    let edges = units
        .iter()
        .map(|unit| {
            let mut r = Refs::default();
            match unit {
                Unit::Template(name) => node_refs(&sources[name].parsed.ast, &mut r),
                Unit::Macro { file, name } => {
                    let m = &sources[file].parsed.macros[name];
                    m.args.values().flatten().for_each(|e| expr_refs(e, &mut r));
                    node_refs(&m.body, &mut r);
                }
            }
            let template = |n: &str| index.get(&Unit::Template(n.to_string())).copied();
            let mut out = Vec::new();
            for n in r.includes {
                if let Some(to) = template(&n) {
                    out.push(Edge {
                        to,
                        via: Via::Include(n),
                    });
                }
            }
            for n in r.extends {
                if let Some(to) = template(&n) {
                    out.push(Edge {
                        to,
                        via: Via::Extends(n),
                    });
                }
            }
            for (namespace, name) in r.calls {
                for file in bound.get(namespace.as_str()).into_iter().flatten() {
                    let target = Unit::Macro {
                        file: file.to_string(),
                        name: name.clone(),
                    };
                    if let Some(&to) = index.get(&target) {
                        out.push(Edge {
                            to,
                            via: Via::Call {
                                namespace: namespace.clone(),
                                name: name.clone(),
                            },
                        });
                    }
                }
            }
            out
        })
        .collect();
    (units, edges)
}

fn import_graph(sources: &BTreeMap<String, Source>) -> (Vec<Unit>, Vec<Vec<Edge>>) {
    let names: Vec<&String> = sources.keys().collect();
    let units = names
        .iter()
        .map(|n| Unit::Template(n.to_string()))
        .collect();
    let edges = names
        .iter()
        .map(|n| {
            sources[*n]
                .parsed
                .imported_macro_files
                .iter()
                .filter_map(|(file, _)| {
                    let to = names.iter().position(|m| *m == file)?;
                    Some(Edge {
                        to,
                        via: Via::Import(file.clone()),
                    })
                })
                .collect()
        })
        .collect();
    (units, edges)
}

/// Strongly connected components that hold a cycle (more than one unit, or one that enters
/// itself), each sorted, in order of their first unit.
fn cyclic_components(edges: &[Vec<Edge>]) -> Vec<Vec<usize>> {
    // Tarjan's algorithm, iterative so that a long chain of templates cannot overflow it.
    let n = edges.len();
    let mut index = vec![usize::MAX; n];
    let mut low = vec![0; n];
    let mut on_stack = vec![false; n];
    let mut stack = Vec::new();
    let mut next = 0;
    let mut out = Vec::new();
    for root in 0..n {
        if index[root] != usize::MAX {
            continue;
        }
        let mut work: Vec<(usize, usize)> = vec![(root, 0)];
        while let Some(&mut (v, ref mut i)) = work.last_mut() {
            if *i == 0 {
                index[v] = next;
                low[v] = next;
                next += 1;
                stack.push(v);
                on_stack[v] = true;
            }
            if let Some(e) = edges[v].get(*i) {
                *i += 1;
                let w = e.to;
                if index[w] == usize::MAX {
                    work.push((w, 0));
                } else if on_stack[w] {
                    low[v] = low[v].min(index[w]);
                }
                continue;
            }
            work.pop();
            if let Some(&(parent, _)) = work.last() {
                low[parent] = low[parent].min(low[v]);
            }
            if low[v] == index[v] {
                let mut scc = Vec::new();
                while let Some(w) = stack.pop() {
                    on_stack[w] = false;
                    scc.push(w);
                    if w == v {
                        break;
                    }
                }
                if scc.len() > 1 || edges[v].iter().any(|e| e.to == v) {
                    scc.sort();
                    out.push(scc);
                }
            }
        }
    }
    out.sort();
    out
}

/// The shortest way from `start` back to itself inside `scc`, as edges taken.
fn shortest_cycle<'e>(
    edges: &'e [Vec<Edge>],
    scc: &[usize],
    start: usize,
) -> Vec<(usize, &'e Edge)> {
    let mut came: BTreeMap<usize, (usize, &Edge)> = BTreeMap::new();
    let mut queue = std::collections::VecDeque::from([start]);
    while let Some(v) = queue.pop_front() {
        for e in &edges[v] {
            if !scc.contains(&e.to) || came.contains_key(&e.to) {
                continue;
            }
            came.insert(e.to, (v, e));
            if e.to == start {
                let mut path = Vec::new();
                let mut at = start;
                loop {
                    let (from, edge) = came[&at];
                    path.push((from, edge));
                    at = from;
                    if at == start {
                        break;
                    }
                }
                path.reverse();
                return path;
            }
            queue.push_back(e.to);
        }
    }
    Vec::new()
}

/// One diagnostic for one cycle, at the statement that starts it.
fn report(
    sources: &BTreeMap<String, Source>,
    units: &[Unit],
    edges: &[Vec<Edge>],
    scc: &[usize],
    imports: bool,
) -> Diagnostic {
    let has_macro = scc.iter().any(|&u| matches!(units[u], Unit::Macro { .. }));
    // Start a macro cycle at a macro, a template cycle at an include where there is one.
    let start = scc
        .iter()
        .copied()
        .find(|&u| !has_macro || matches!(units[u], Unit::Macro { .. }))
        .unwrap_or(scc[0]);
    let mut path = shortest_cycle(edges, scc, start);
    if !has_macro
        && let Some(k) = path
            .iter()
            .position(|(_, e)| matches!(e.via, Via::Include(_)))
    {
        path.rotate_left(k);
    }
    let Some(&(first, first_edge)) = path.first() else {
        return Diagnostic::error(crate::t!("render-cycle"));
    };
    let home = match &units[first] {
        Unit::Template(n) => n.as_str(),
        Unit::Macro { file, .. } => file.as_str(),
    };
    let shown_unit = |u: usize| match &units[u] {
        Unit::Template(n) => n.clone(),
        Unit::Macro { file, name } if file == home => name.clone(),
        Unit::Macro { file, name } => {
            crate::t!(
                "render-cycle-in",
                name = name.as_str(),
                file = file.as_str()
            )
        }
    };
    let mut chain: Vec<String> = path.iter().map(|&(u, _)| shown_unit(u)).collect();
    chain.push(shown_unit(first));
    let chain = chain.join(" → ");
    let all_extends = path.iter().all(|(_, e)| matches!(e.via, Via::Extends(_)));
    let (message, help) = match &units[first] {
        Unit::Macro { name, .. } => (
            crate::t!("render-cycle-macro", name = name.as_str(), chain = chain),
            crate::t!("render-cycle-macro.help"),
        ),
        Unit::Template(name) if imports => (
            crate::t!("render-cycle-import", name = name.as_str(), chain = chain),
            crate::t!("render-cycle-import.help"),
        ),
        Unit::Template(name) if all_extends => (
            crate::t!("render-cycle-extends", name = name.as_str(), chain = chain),
            crate::t!("render-cycle-extends.help"),
        ),
        Unit::Template(name) => (
            crate::t!("render-cycle-include", name = name.as_str(), chain = chain),
            crate::t!("render-cycle-include.help"),
        ),
    };
    let source = &sources[home];
    let scope = match &units[first] {
        Unit::Template(_) => None,
        Unit::Macro { name, .. } => Some(name.as_str()),
    };
    let d = Diagnostic::error(message).help(help);
    match locate(source.text, scope, &first_edge.via) {
        Some((start, end)) => d.at(source.shown, source.text, start, end),
        None => d.in_file(PathBuf::from(source.shown)),
    }
}

/// A `{{ … }}` or `{% … %}` tag: its byte range and that of its inside.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Tag {
    pub start: usize,
    pub end: usize,
    pub inner: (usize, usize),
}

/// The tags of a template, without comments and `{% raw %}` sections.
pub(crate) fn tags(text: &str) -> Vec<Tag> {
    let mut out = Vec::new();
    let mut at = 0;
    let mut in_raw = false;
    while let Some(off) = text[at..].find('{') {
        let start = at + off;
        let rest = &text[start..];
        let close = if rest.starts_with("{{") {
            "}}"
        } else if rest.starts_with("{%") {
            "%}"
        } else if rest.starts_with("{#") {
            "#}"
        } else {
            at = start + 1;
            continue;
        };
        let Some(len) = rest[2..].find(close) else {
            break;
        };
        let end = start + 2 + len + 2;
        at = end;
        if close == "#}" {
            continue;
        }
        let inner = (start + 2, end - 2);
        let words = keyword(&text[inner.0..inner.1]);
        if in_raw {
            in_raw = words != "endraw";
            continue;
        }
        if close == "%}" && words == "raw" {
            in_raw = true;
            continue;
        }
        out.push(Tag { start, end, inner });
    }
    out
}

/// The first word of a tag's inside (`include`, `macro`, `endmacro`, …).
pub(crate) fn keyword(inner: &str) -> &str {
    let s = inner.trim_start_matches('-').trim_start();
    let end = s
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .unwrap_or(s.len());
    &s[..end]
}

/// Deepest nesting Tera 1's parser is given: it recurses per level and overflows the stack
/// (aborting the process) somewhere past a few hundred in a debug build, fewer on a thread.
pub const NESTING_LIMIT: usize = 50;

/// Where `text` nests `{% if %}`/`{% for %}`/… blocks, or brackets inside one tag, deeper
/// than [`NESTING_LIMIT`], as a diagnostic; checked before Tera parses it.
pub fn too_deep(shown: &Path, text: &str) -> Option<Diagnostic> {
    let help = || crate::t!("render-too-deep-blocks.help");
    let mut depth = 0usize;
    for t in tags(text) {
        let inner = &text[t.inner.0..t.inner.1];
        let kw = keyword(inner);
        if matches!(kw, "if" | "for" | "block" | "macro" | "filter") {
            depth += 1;
            if depth > NESTING_LIMIT {
                return Some(
                    Diagnostic::error(crate::t!("render-too-deep-blocks", limit = NESTING_LIMIT))
                        .at(shown, text, t.start, t.end)
                        .help(help()),
                );
            }
        } else if kw.starts_with("end") {
            depth = depth.saturating_sub(1);
        }
        let mut brackets = 0usize;
        let mut quote: Option<char> = None;
        for (i, c) in inner.char_indices() {
            match (quote, c) {
                (Some(q), c) if c == q => quote = None,
                (Some(_), _) => {}
                (None, '"' | '\'' | '`') => quote = Some(c),
                (None, '(' | '[' | '{') => {
                    brackets += 1;
                    if brackets > NESTING_LIMIT {
                        let at = t.inner.0 + i;
                        return Some(
                            Diagnostic::error(crate::t!(
                                "render-too-deep-brackets",
                                limit = NESTING_LIMIT
                            ))
                            .at(shown, text, at, at + 1)
                            .help(help()),
                        );
                    }
                }
                (None, ')' | ']' | '}') => brackets = brackets.saturating_sub(1),
                (None, _) => {}
            }
        }
    }
    None
}

/// Byte range of the statement behind `via`: in the body of macro `scope`, or outside every
/// macro when `scope` is `None`.
fn locate(text: &str, scope: Option<&str>, via: &Via) -> Option<(usize, usize)> {
    let tags = tags(text);
    let mut in_macro: Option<String> = None;
    for t in &tags {
        let inner = &text[t.inner.0..t.inner.1];
        match keyword(inner) {
            "macro" => {
                let rest = inner.trim_start_matches('-').trim_start()["macro".len()..].trim_start();
                let end = rest.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'));
                in_macro = Some(rest[..end.unwrap_or(rest.len())].to_string());
                continue;
            }
            "endmacro" => {
                in_macro = None;
                continue;
            }
            _ => {}
        }
        if in_macro.as_deref() != scope {
            continue;
        }
        let quoted = |kw: &str, name: &str| {
            keyword(inner) == kw
                && ['"', '\'', '`']
                    .iter()
                    .any(|q| inner.contains(&format!("{q}{name}{q}")))
        };
        match via {
            Via::Include(n) if quoted("include", n) => return Some((t.start, t.end)),
            Via::Extends(n) if quoted("extends", n) => return Some((t.start, t.end)),
            Via::Import(n) if quoted("import", n) => return Some((t.start, t.end)),
            Via::Call { namespace, name } => {
                if let Some((s, e)) = find_call(inner, namespace, name) {
                    return Some((t.inner.0 + s, t.inner.0 + e));
                }
            }
            _ => {}
        }
    }
    None
}

/// Byte range of `namespace::name` in `s` (spaces allowed around `::`).
fn find_call(s: &str, namespace: &str, name: &str) -> Option<(usize, usize)> {
    let ident = |c: char| c.is_ascii_alphanumeric() || c == '_';
    for (i, _) in s.match_indices("::") {
        let left = s[..i].trim_end();
        let ns_start = left.rfind(|c: char| !ident(c)).map_or(0, |k| k + 1);
        if &left[ns_start..] != namespace {
            continue;
        }
        let right = &s[i + 2..];
        let skipped = right.len() - right.trim_start().len();
        let right = right.trim_start();
        let len = right.find(|c: char| !ident(c)).unwrap_or(right.len());
        if &right[..len] == name {
            return Some((ns_start, i + 2 + skipped + len));
        }
    }
    None
}

#[cfg(test)]
#[path = "template_graph_tests.rs"]
mod tests;
