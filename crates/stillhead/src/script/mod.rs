//! Migration files (README, "Migration files"): the format itself lives in
//! `stillhead-core` (ARCHITECTURE.md, "Crates"), shared with
//! `embed_migrations!`; this module re-exports it and adds what only the
//! library does with files: writing new ones from the template (the
//! `tools` feature).

#[cfg(feature = "tools")]
mod template;

pub use stillhead_core::script::*;
#[cfg(feature = "tools")]
pub use template::{
    next_id, render_template, slugify, with_header_line, write_new, TemplateContext, TemplatePart,
};

/// How `revision` names new migrations (`[migrations] id_style`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum IdStyle {
    /// `001_slug`, the next number after the highest numeric prefix.
    #[default]
    Sequential,
    /// 12 lowercase hex characters, as Alembic does.
    Hex,
    /// `20261124103000_slug`.
    Timestamp,
}
