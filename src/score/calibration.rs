//! A readable match score: raw scores mapped linearly to 0–100 and cut into bands (strong,
//! partial, weak) with thresholds fitted on the labelled resumes (`catalog/calibration.toml`).

use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

const BUILTIN: &str = include_str!("../../catalog/calibration.toml");

/// How well a role fits, in words.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
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
#[derive(Debug, Clone, Deserialize)]
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

    /// The 0–100 score and band of a raw score, given how many core skills the resume shows in use.
    pub fn grade(&self, raw: f32, core_in_use: usize) -> (u8, Band) {
        let span = (self.raw_at_100 - self.raw_at_0).max(f32::EPSILON);
        let score = (100.0 * (raw - self.raw_at_0) / span)
            .clamp(0.0, 100.0)
            .round() as u8;
        let band = if score >= self.strong_from && core_in_use >= self.strong_needs_core_in_use {
            Band::Strong
        } else if score >= self.partial_from {
            Band::Partial
        } else {
            Band::Weak
        };
        (score, band)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_linearly_clamps_and_needs_skills_in_use_for_strong() {
        let c = Calibration::builtin();
        assert_eq!(c.grade(c.raw_at_0, 9), (0, Band::Weak));
        assert_eq!(c.grade(c.raw_at_100, 9), (100, Band::Strong));
        assert_eq!(c.grade(-1.0, 9).0, 0);
        assert_eq!(c.grade(2.0, 9).0, 100);
        let (score, band) = c.grade(c.raw_at_100, 0);
        assert_eq!(
            (score, band),
            (100, Band::Partial),
            "keywords alone never make a strong match"
        );
        let mid = c.raw_at_0 + (c.raw_at_100 - c.raw_at_0) * 0.5;
        assert_eq!(c.grade(mid, 9), (50, Band::Partial));
    }
}
