//! A readable match score: raw scores mapped linearly to 0–100 and cut into bands (strong,
//! partial, weak) with thresholds fitted on the labelled resumes (`catalog/calibration.toml`).

use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

const BUILTIN: &str = include_str!("../../catalog/calibration.toml");

/// How well a role fits, in words.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Band {
    Strong,
    Partial,
    Weak,
}

impl std::fmt::Display for Band {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Band::Strong => "strong",
            Band::Partial => "partial",
            Band::Weak => "weak",
        })
    }
}

/// The fitted mapping.
#[derive(Debug, Clone, PartialEq, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct Calibration {
    pub version: String,
    pub raw_at_0: f32,
    pub raw_at_100: f32,
    pub strong_from: u8,
    pub partial_from: u8,
    pub strong_needs_core_in_use: usize,
}

impl Calibration {
    /// The calibration shipped with this build.
    pub fn builtin() -> &'static Calibration {
        static CALIBRATION: OnceLock<Calibration> = OnceLock::new();
        CALIBRATION.get_or_init(|| {
            toml::from_str(BUILTIN).expect("catalog/calibration.toml is valid (checked by a test)")
        })
    }

    /// The 0–100 score and band of a raw score, given the skills behind it. A score that
    /// text similarity carries alone, with no skill of the role shared, is never better than
    /// weak: similar wording is not evidence that the person can do the job.
    pub fn grade(&self, raw: f32, skills: SkillSupport) -> (u8, Band) {
        let span = (self.raw_at_100 - self.raw_at_0).max(f32::EPSILON);
        let score = (100.0 * (raw - self.raw_at_0) / span)
            .clamp(0.0, 100.0)
            .round() as u8;
        let band = if skills.shared == 0 {
            Band::Weak
        } else if score >= self.strong_from && skills.core_in_use >= self.strong_needs_core_in_use {
            Band::Strong
        } else if score >= self.partial_from {
            Band::Partial
        } else {
            Band::Weak
        };
        (score, band)
    }

    /// The lowest raw score graded partial_from or more (scores are rounded): `match`'s
    /// default threshold on every path (CLI, API, page). A role above it that shares no skill
    /// is still listed, graded weak.
    pub(crate) fn partial_threshold(&self) -> f32 {
        let span = self.raw_at_100 - self.raw_at_0;
        let raw = self.raw_at_0 + span * (f32::from(self.partial_from) - 0.5) / 100.0;
        // Four decimals, so the default reads as a number a person would write.
        (raw * 10_000.0).round() / 10_000.0
    }
}

/// The role's skills a resume shows: how many at all, and how many core skills in use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct SkillSupport {
    pub shared: usize,
    pub core_in_use: usize,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_linearly_clamps_and_needs_skills_in_use_for_strong() {
        let c = Calibration::builtin();
        let skilled = SkillSupport {
            shared: 9,
            core_in_use: 9,
        };
        assert_eq!(c.grade(c.raw_at_0, skilled), (0, Band::Weak));
        assert_eq!(c.grade(c.raw_at_100, skilled), (100, Band::Strong));
        assert_eq!(c.grade(-1.0, skilled).0, 0);
        assert_eq!(c.grade(2.0, skilled).0, 100);
        let listed = SkillSupport {
            shared: 3,
            core_in_use: 0,
        };
        assert_eq!(
            c.grade(c.raw_at_100, listed),
            (100, Band::Partial),
            "keywords alone never make a strong match"
        );
        let halfway = (c.raw_at_0 + c.raw_at_100) / 2.0;
        assert_eq!(c.grade(halfway, skilled), (50, Band::Partial));
        assert_eq!(
            c.grade(c.raw_at_100, SkillSupport::default()),
            (100, Band::Weak),
            "similar wording without a shared skill is never partial"
        );
        assert_eq!(
            c.grade(c.partial_threshold() + 1e-4, skilled).1,
            Band::Partial
        );
        assert_eq!(c.grade(c.partial_threshold() - 1e-4, skilled).1, Band::Weak);
    }
}
