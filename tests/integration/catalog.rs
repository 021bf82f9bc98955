//! The built-in catalog with the real model: every role is reachable, the seeds' worked
//! example lands where the seeds say, and a user's own catalog works.

use crate::common::{example, fixture, match_json, role_ids as ids, rolematch, stderr, stdout};

fn run_json(args: &[&std::ffi::OsStr]) -> serde_json::Value {
    let mut all = args.to_vec();
    all.extend(["--min-score", "0"].map(std::ffi::OsStr::new));
    let (code, json) = match_json(&all);
    assert_eq!(code, Some(0), "{json}");
    json
}

#[test]
fn every_role_is_top_1_for_a_resume_written_for_it() {
    let dir = fixture("resumes");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    let args: Vec<&std::ffi::OsStr> = files.iter().map(|p| p.as_os_str()).collect();
    let json = run_json(&args);
    let catalog_roles = rolematch()
        .args(["roles", "--format", "json"])
        .output()
        .unwrap();
    let catalog: serde_json::Value = serde_json::from_str(&stdout(&catalog_roles)).unwrap();
    let role_count = catalog["roles"].as_array().unwrap().len();
    assert_eq!(files.len(), role_count, "one resume per role");
    let mut wrong = Vec::new();
    for result in json["results"].as_array().unwrap() {
        let file = result["file"].as_str().unwrap();
        let expected = std::path::Path::new(file)
            .file_stem()
            .unwrap()
            .to_str()
            .unwrap();
        let got = ids(result);
        if got.first().map(String::as_str) != Some(expected) {
            wrong.push(format!("{expected}: {got:?}"));
        }
    }
    assert!(wrong.is_empty(), "{wrong:#?}");
}

#[test]
fn worked_example_reaches_ai_platform_and_forward_deployed_roles() {
    let resume = example("resume.md");
    let json = run_json(&[resume.as_os_str()]);
    let got = ids(&json["results"][0]);
    for expected in [
        "ai-engineer",
        "ai-platform-engineer",
        "forward-deployed-engineer",
    ] {
        assert!(
            got[..4].contains(&expected.to_string()),
            "{expected} not in top 4: {got:?}"
        );
    }
}

#[test]
fn prompt_engineer_headline_gets_advice_in_json() {
    let resume = fixture("resumes/prompt-engineer.md");
    let json = run_json(&[resume.as_os_str()]);
    let advice = json["results"][0]["advice"].as_array().unwrap();
    assert!(
        advice.iter().any(|a| a["rule"] == "dated-title"),
        "{advice:?}"
    );
}

#[test]
fn a_csv_catalog_of_my_own_is_used() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("roles.csv");
    std::fs::write(
        &csv,
        "id,title,description\n\
         baker,Pastry Chef,\"Bakes bread, pastries and cakes in a professional kitchen.\"\n\
         dba,Database Administrator,\"Runs PostgreSQL and MySQL databases: backups, replication, query tuning.\"\n",
    )
    .unwrap();
    let resume = dir.path().join("cv.txt");
    std::fs::write(
        &resume,
        "Ten years keeping Postgres clusters healthy: replication, backups, slow queries.",
    )
    .unwrap();
    let json = run_json(&[resume.as_os_str(), "--catalog".as_ref(), csv.as_os_str()]);
    assert_eq!(ids(&json["results"][0])[0], "dba");
    assert!(json["catalog_version"]
        .as_str()
        .unwrap()
        .starts_with("custom-"));
}

#[test]
fn a_broken_catalog_is_refused_by_file_role_and_field() {
    let dir = tempfile::tempdir().unwrap();
    let toml = dir.path().join("mine.toml");
    std::fs::write(&toml, "[[role]]\nid = \"x\"\ntitle = \"X\"\ndescription = \"d\"\ncore_skills = [\"levitation\"]\n").unwrap();
    let out = rolematch()
        .args(["roles", "--catalog"])
        .arg(&toml)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("mine.toml")
            && err.contains("'x'")
            && err.contains("core_skills")
            && err.contains("levitation"),
        "{err}"
    );
}

#[test]
fn roles_command_lists_the_catalog() {
    let out = rolematch().arg("roles").output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let text = stdout(&out);
    assert!(
        text.contains("forward-deployed-engineer") && text.contains("[dated title]"),
        "{text}"
    );
}

#[test]
fn short_queries_against_a_users_catalog_use_its_aliases_and_no_skill_noise() {
    let dir = tempfile::tempdir().unwrap();
    let catalog = dir.path().join("occupations.jsonl");
    std::fs::write(
        &catalog,
        "{\"id\":\"teacher\",\"title\":\"Kindergarten and elementary school teachers\",\"description\":\"Teach young students basic subjects.\",\"aliases\":[\"3rd grade teacher\",\"primary school teacher\"]}\n\
         {\"id\":\"cook\",\"title\":\"Cooks\",\"description\":\"Prepare food in restaurants.\"}\n\
         {\"id\":\"dev\",\"title\":\"Software developers\",\"description\":\"Design and build computer programs.\"}\n",
    )
    .unwrap();
    let queries = dir.path().join("titles.jsonl");
    std::fs::write(
        &queries,
        "{\"id\": \"q1\", \"text\": \"4th Grade Teacher\"}\n{\"id\": \"q2\", \"text\": \"Line cook\"}\n",
    )
    .unwrap();
    let (code, json) = match_json(&[
        "--catalog".as_ref(),
        catalog.as_os_str(),
        "--queries".as_ref(),
        queries.as_os_str(),
        "--min-score".as_ref(),
        "0".as_ref(),
        "-k".as_ref(),
        "3".as_ref(),
    ]);
    assert_eq!(code, Some(0), "{json}");
    let results = json["results"].as_array().unwrap();
    assert_eq!(ids(&results[0])[0], "teacher", "{json}");
    assert_eq!(ids(&results[1])[0], "cook", "{json}");
    let best = &results[0]["matches"][0]["explanation"];
    assert_eq!(best["matched_alias"], "3rd grade teacher", "{best}");
    assert!(best["lexical_similarity"].as_f64().unwrap() > 0.0, "{best}");
    // The catalog names no skills: nothing but similarity moves a score.
    for result in results {
        for m in result["matches"].as_array().unwrap() {
            assert_eq!(m["explanation"]["skill_part"], 0.0, "{m}");
        }
    }
}
