//! The shape of the code, checked: no module of `src/` imports, through a chain of others,
//! a module that imports it (at the level of top-level modules and of files alike).

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Every module of `src/` (`"pool::storage"`, `"cli"`, `""` for the crate root) with the
/// text of its file, test modules left out.
fn modules() -> BTreeMap<String, String> {
    fn walk(dir: &Path, prefix: &[String], out: &mut BTreeMap<String, String>) {
        let mut entries: Vec<_> = std::fs::read_dir(dir).unwrap().flatten().collect();
        entries.sort_by_key(|e| e.file_name());
        for entry in entries {
            let path = entry.path();
            let name = entry.file_name().to_string_lossy().into_owned();
            if path.is_dir() {
                let mut next = prefix.to_vec();
                next.push(name);
                walk(&path, &next, out);
            } else if let Some(stem) = name.strip_suffix(".rs") {
                let mut module = prefix.to_vec();
                if !matches!(stem, "mod" | "lib" | "main") {
                    module.push(stem.to_string());
                }
                let text = std::fs::read_to_string(&path).unwrap();
                // A file's own test module (at its end) is left out, nothing before it.
                let code = text
                    .split("#[cfg(test)]\nmod tests")
                    .next()
                    .unwrap_or("")
                    .to_string();
                out.insert(module.join("::"), code);
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
        &[],
        &mut out,
    );
    out
}

/// The modules `module`'s code names through `crate::` and `super::` paths, other than its
/// own ancestors and descendants.
fn imports(module: &str, code: &str, known: &BTreeMap<String, String>) -> BTreeSet<String> {
    let own: Vec<&str> = module.split("::").filter(|p| !p.is_empty()).collect();
    let mut found = BTreeSet::new();
    for (at, _) in code
        .match_indices("crate::")
        .chain(code.match_indices("super::"))
    {
        if code[..at].ends_with(|c: char| c.is_alphanumeric() || c == '_' || c == ':') {
            continue;
        }
        let path: String = code[at..]
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == ':')
            .collect();
        // `crate::{a, b::c}` names `a` and `b`: the first word of each item in the braces.
        let grouped: Vec<String> =
            if path.ends_with("::") && code[at + path.len()..].starts_with('{') {
                let inside = &code[at + path.len() + 1..];
                let inside = &inside[..inside.find('}').unwrap_or(inside.len())];
                inside
                    .split(',')
                    .map(|item| {
                        let word: String = item
                            .trim()
                            .chars()
                            .take_while(|c| c.is_alphanumeric() || *c == '_')
                            .collect();
                        format!("{path}{word}")
                    })
                    .collect()
            } else {
                vec![path.clone()]
            };
        for path in grouped {
            resolve(module, &own, &path, known, &mut found);
        }
    }
    found
}

/// Adds to `found` the module `path` (a `crate::` or `super::` path written in `module`,
/// whose parts are `own`) names, unless it is `module`'s own ancestor or descendant.
fn resolve(
    module: &str,
    own: &[&str],
    path: &str,
    known: &BTreeMap<String, String>,
    found: &mut BTreeSet<String>,
) {
    {
        let mut parts: Vec<&str> = path.split("::").filter(|p| !p.is_empty()).collect();
        let mut base: Vec<&str> = Vec::new();
        if parts.first() == Some(&"crate") {
            parts.remove(0);
        } else {
            base = own.to_vec();
            while parts.first() == Some(&"super") {
                parts.remove(0);
                base.pop();
            }
        }
        base.extend(parts);
        let target = (1..=base.len())
            .rev()
            .map(|n| base[..n].join("::"))
            .find(|m| known.contains_key(m));
        if let Some(target) = target {
            let related = target == module
                || module.starts_with(&format!("{target}::"))
                || target.starts_with(&format!("{module}::"));
            if !related {
                found.insert(target);
            }
        }
    }
}

/// The cycles of `graph`: its strongly connected components of more than one node.
fn cycles(graph: &BTreeMap<String, BTreeSet<String>>) -> Vec<Vec<String>> {
    // Kosaraju: finish order on the graph, then components on its reverse.
    fn visit(
        node: &str,
        graph: &BTreeMap<String, BTreeSet<String>>,
        seen: &mut BTreeSet<String>,
        out: &mut Vec<String>,
    ) {
        if !seen.insert(node.to_string()) {
            return;
        }
        for next in graph.get(node).into_iter().flatten() {
            visit(next, graph, seen, out);
        }
        out.push(node.to_string());
    }
    let mut order = Vec::new();
    let mut seen = BTreeSet::new();
    for node in graph.keys() {
        visit(node, graph, &mut seen, &mut order);
    }
    let mut reverse: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (from, tos) in graph {
        for to in tos {
            reverse.entry(to.clone()).or_default().insert(from.clone());
        }
    }
    let mut seen = BTreeSet::new();
    let mut found = Vec::new();
    for node in order.iter().rev() {
        let mut component = Vec::new();
        visit(node, &reverse, &mut seen, &mut component);
        if component.len() > 1 {
            component.sort();
            found.push(component);
        }
    }
    found
}

#[test]
fn no_module_imports_a_module_that_imports_it() {
    let modules = modules();
    assert!(modules.contains_key("pool::storage") && modules.contains_key("cli::commands"));
    let files: BTreeMap<String, BTreeSet<String>> = modules
        .iter()
        .map(|(m, code)| (m.clone(), imports(m, code, &modules)))
        .collect();
    let mut top: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (from, tos) in &files {
        let from_top = from.split("::").next().unwrap_or("").to_string();
        for to in tos {
            let to_top = to.split("::").next().unwrap_or("").to_string();
            if from_top != to_top && !from_top.is_empty() {
                top.entry(from_top.clone()).or_default().insert(to_top);
            }
        }
    }
    // The imports are seen: a workspace's pool calls go to the pool module.
    assert!(
        files["app::pools"].contains("pool"),
        "{:?}",
        files["app::pools"]
    );
    assert!(files["cli::pools"].contains("cli::context"));
    assert_eq!(
        cycles(&files),
        Vec::<Vec<String>>::new(),
        "files import each other"
    );
    assert_eq!(
        cycles(&top),
        Vec::<Vec<String>>::new(),
        "modules import each other"
    );
    // The check sees a cycle when there is one.
    let made_up = BTreeMap::from([
        ("a".to_string(), BTreeSet::from(["b".to_string()])),
        ("b".to_string(), BTreeSet::from(["a".to_string()])),
    ]);
    assert_eq!(
        cycles(&made_up),
        vec![vec!["a".to_string(), "b".to_string()]]
    );
}

#[test]
fn pools_are_storage_only() {
    // A pool store keeps analysed records: it never runs the model, reads files or redacts.
    let modules = modules();
    for (module, code) in &modules {
        if module == "pool" || module.starts_with("pool::") {
            let used = imports(module, code, &modules);
            for above in ["app", "matcher", "rank", "read", "redact", "server", "cli"] {
                assert!(
                    !used
                        .iter()
                        .any(|u| u == above || u.starts_with(&format!("{above}::"))),
                    "{module} imports {above}: {used:?}"
                );
            }
        }
    }
}
