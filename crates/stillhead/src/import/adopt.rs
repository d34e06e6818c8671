//! `stillhead adopt`: the history table another tool left in a live
//! database becomes stillhead's record.
