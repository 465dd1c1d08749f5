// The HTML5 tree builder's "in body" rules for the elements the sanitiser keeps, without a tree:
// it tells the pre-pass how deep gumbo will nest what it is about to be given.
#pragma once

#include "federation/html_policy.hpp"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

namespace agora::federation::html {

// Mirrors, token by token, what gumbo 0.10.1 (src/parser.c, handle_in_body and the adoption
// agency algorithm) does with its stack of open elements and its list of active formatting
// elements when it is given only these elements (no scope markers, no tables, no foreign
// content can appear). The one case it does not follow, the adoption agency algorithm's
// "furthest block" branch (misnested `<b><p></b>`), it refuses: the caller drops that token.
class TreeModel {
public:
    explicit TreeModel(std::size_t max_size) : max_size_(max_size) {}

    // Applies a start tag and returns true, or returns false (nothing changed) when the tag
    // would make the stack too deep or needs the branch above; the caller then drops it.
    bool start(Element e);
    // Likewise for an end tag (`</br>` is a <br>, as the parser reads it).
    bool end(Element e);
    // Text reached the parser: it re-opens the formatting elements left off the stack.
    void text() { reconstruct(); }

    std::size_t reopened() const { return reopened_; }

private:
    struct Entry {
        Element element;
        std::uint32_t id;
    };
    enum class Adoption { pop_current, forget_entry, pop_to_formatting, no_entry, furthest_block };

    std::optional<std::size_t> last_open(Element e) const;
    std::optional<std::size_t> open_index(std::uint32_t id) const;
    std::optional<std::size_t> last_active(Element e) const;
    bool is_active(std::uint32_t id) const;
    std::uint32_t push(Element e);
    void pop_through(std::size_t index) { open_.resize(index); }
    void close_p();
    void add_active(Element e, std::uint32_t id);
    void reconstruct();
    Adoption plan_adoption(Element subject) const;
    void adopt(Element subject, Adoption plan);
    void any_other_end(Element e);

    std::vector<Entry> open_;   // above the implied <html> root
    std::vector<Entry> active_; // oldest first
    std::uint32_t next_id_ = 1;
    std::size_t reopened_ = 0;
    std::size_t max_size_;
};

} // namespace agora::federation::html
