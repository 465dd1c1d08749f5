// The HTML5 tree builder's "in body" rules for the elements the sanitiser keeps, without a tree:
// it tells the pre-pass how deep gumbo will nest what it is about to be given.
#include "federation/html_tree_model.hpp"

#include <algorithm>

namespace agora::federation::html {

namespace {

using enum Element;

// The "special" category of the HTML standard, restricted to the kept elements.
bool is_special(Element e) {
    return is_block(e) || e == br;
}

} // namespace

std::optional<std::size_t> TreeModel::last_open(Element e) const {
    for (std::size_t k = open_.size(); k-- > 0;)
        if (open_[k].element == e) return k;
    return std::nullopt;
}

std::optional<std::size_t> TreeModel::open_index(std::uint32_t id) const {
    for (std::size_t k = open_.size(); k-- > 0;)
        if (open_[k].id == id) return k;
    return std::nullopt;
}

std::optional<std::size_t> TreeModel::last_active(Element e) const {
    for (std::size_t k = active_.size(); k-- > 0;)
        if (active_[k].element == e) return k;
    return std::nullopt;
}

bool TreeModel::is_active(std::uint32_t id) const {
    return std::any_of(active_.begin(), active_.end(), [&](const Entry& x) { return x.id == id; });
}

std::uint32_t TreeModel::push(Element e) {
    open_.push_back({e, next_id_});
    return next_id_++;
}

void TreeModel::close_p() {
    // "p in button scope": none of these elements bounds a scope, so any open p counts.
    if (auto k = last_open(p)) pop_through(*k);
}

void TreeModel::add_active(Element e, std::uint32_t id) {
    // Noah's Ark: at most three entries with the same name and attributes. Only <a> carries
    // attributes here, and there is never more than one <a> in the list (a new <a> removes it).
    std::size_t same = 0, earliest = 0;
    for (std::size_t k = active_.size(); k-- > 0;)
        if (active_[k].element == e) {
            ++same;
            earliest = k;
        }
    if (same >= 3) active_.erase(active_.begin() + static_cast<std::ptrdiff_t>(earliest));
    active_.push_back({e, id});
}

void TreeModel::reconstruct() {
    if (active_.empty() || open_index(active_.back().id)) return;
    std::size_t k = active_.size() - 1;
    while (k > 0 && !open_index(active_[k - 1].id))
        --k;
    for (; k < active_.size(); ++k) {
        active_[k].id = push(active_[k].element);
        ++reopened_;
    }
}

TreeModel::Adoption TreeModel::plan_adoption(Element subject) const {
    if (!open_.empty() && open_.back().element == subject && !is_active(open_.back().id))
        return Adoption::pop_current;
    auto entry = last_active(subject);
    if (!entry) return Adoption::no_entry;
    auto at = open_index(active_[*entry].id);
    if (!at) return Adoption::forget_entry;
    for (std::size_t k = *at + 1; k < open_.size(); ++k)
        if (is_special(open_[k].element)) return Adoption::furthest_block;
    return Adoption::pop_to_formatting;
}

void TreeModel::adopt(Element subject, Adoption plan) {
    auto entry = last_active(subject);
    switch (plan) {
    case Adoption::pop_current:
        open_.pop_back();
        break;
    case Adoption::forget_entry:
        active_.erase(active_.begin() + static_cast<std::ptrdiff_t>(*entry));
        break;
    case Adoption::pop_to_formatting:
        pop_through(*open_index(active_[*entry].id));
        active_.erase(active_.begin() + static_cast<std::ptrdiff_t>(*entry));
        break;
    case Adoption::no_entry:
    case Adoption::furthest_block:
        break;
    }
}

void TreeModel::any_other_end(Element e) {
    for (std::size_t k = open_.size(); k-- > 0;) {
        if (open_[k].element == e) {
            pop_through(k);
            return;
        }
        if (is_special(open_[k].element)) return; // ignored
    }
}

bool TreeModel::start(Element e) {
    // Each accepted tag adds at most one element and one list entry, and re-opens at most the
    // entries already counted in the list.
    if (open_.size() + active_.size() + 2 > max_size_) return false;
    switch (e) {
    case a:
        if (last_active(a)) {
            auto plan = plan_adoption(a);
            if (plan == Adoption::furthest_block) return false;
            adopt(a, plan);
            if (auto entry = last_active(a)) {
                auto id = active_[*entry].id;
                active_.erase(active_.begin() + static_cast<std::ptrdiff_t>(*entry));
                if (auto at = open_index(id))
                    open_.erase(open_.begin() + static_cast<std::ptrdiff_t>(*at));
            }
        }
        reconstruct();
        add_active(a, push(a));
        return true;
    case b:
    case code:
    case em:
    case i:
    case s:
    case strong:
    case u:
        reconstruct();
        add_active(e, push(e));
        return true;
    case blockquote:
    case ol:
    case p:
    case pre:
    case ul:
        close_p();
        push(e);
        return true;
    case h1:
    case h2:
    case h3:
    case h4:
    case h5:
    case h6:
        close_p();
        if (!open_.empty() && is_heading(open_.back().element)) open_.pop_back();
        push(e);
        return true;
    case li:
        for (std::size_t k = open_.size(); k-- > 0;) {
            if (open_[k].element == li) {
                pop_through(k);
                break;
            }
            if (is_special(open_[k].element) && open_[k].element != p) break;
        }
        close_p();
        push(li);
        return true;
    case rp:
    case rt:
        if (last_open(ruby)) // generate implied end tags (those of p, li, rp, rt)
            while (!open_.empty() && (open_.back().element == p || open_.back().element == li ||
                                      open_.back().element == rp || open_.back().element == rt))
                open_.pop_back();
        push(e);
        return true;
    case br:
        reconstruct(); // inserted and popped at once
        return true;
    case del:
    case ruby:
    case span:
        reconstruct();
        push(e);
        return true;
    }
    return false;
}

bool TreeModel::end(Element e) {
    switch (e) {
    case p: // without an open p, the parser inserts an empty one: nothing stays open
    case blockquote:
    case ol:
    case pre:
    case ul:
        if (auto k = last_open(e)) pop_through(*k);
        return true;
    case li: // "in list item scope": an ol or ul above it hides it
        for (std::size_t k = open_.size(); k-- > 0;) {
            if (open_[k].element == li) {
                pop_through(k);
                break;
            }
            if (open_[k].element == ol || open_[k].element == ul) break;
        }
        return true;
    case h1:
    case h2:
    case h3:
    case h4:
    case h5:
    case h6:
        for (std::size_t k = open_.size(); k-- > 0;)
            if (is_heading(open_[k].element)) {
                pop_through(k);
                break;
            }
        return true;
    case a:
    case b:
    case code:
    case em:
    case i:
    case s:
    case strong:
    case u: {
        auto plan = plan_adoption(e);
        if (plan == Adoption::furthest_block) return false;
        if (plan == Adoption::no_entry)
            any_other_end(e);
        else
            adopt(e, plan);
        return true;
    }
    case br:
        return start(br);
    case del:
    case rp:
    case rt:
    case ruby:
    case span:
        any_other_end(e);
        return true;
    }
    return false;
}

} // namespace agora::federation::html
