//! Migration files (README, "Migration files"): the format itself lives in
//! `stillhead-core` (ARCHITECTURE.md, "Crates"), shared with
//! `embed_migrations!`; this module re-exports it and adds what only the
//! library does with files: writing new ones from the template.

mod template;

pub use stillhead_core::script::*;
pub use template::{
    next_id, render_template, slugify, with_header_line, write_new, IdStyle, TemplateContext,
    TemplatePart,
};
