#pragma once
// Escaping text for the HTML and SVG a report writes. Every name that comes from a store or a .dsl (systems,
// parameters, configs, failure reasons) goes through here, so no value can open a tag or end an attribute.

#include <string>
#include <string_view>

namespace spak::report {

/// `text` with & < > " ' replaced by entities: safe as element content and inside a quoted attribute.
std::string escape_xml(std::string_view text);

/// A fragment identifier made of [a-z0-9-] from any text ("GemmH100 / tile_m" → "gemmh100-tile-m").
std::string slug(std::string_view text);

/// `text` cut to at most `max_bytes` bytes plus "…" when longer, never inside a UTF-8 character.
std::string shorten(std::string_view text, std::size_t max_bytes);

}  // namespace spak::report
