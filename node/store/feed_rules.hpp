// The SQL conditions that decide what enters a home feed and what a list shows, as Mastodon
// decides them, shared by fan-out, the merge a new follow makes, the list timeline and the list
// streams so that each says the same thing.
#pragma once

#include <string>

namespace agora::store::feed_rules {

// The owners who keep author `?` (1 binding) in one of their exclusive lists: that author's
// statuses reach their feed as `list` rows, which the home timeline and user stream leave out.
inline constexpr const char* exclusive_list_owners =
    "(SELECT l.account_id FROM list_accounts la JOIN lists l ON l.id = la.list_id "
    "WHERE la.account_id = ? AND l.exclusive = 1)";

// Whether follow `f` (a follows row) lets in a status in the language bound as a LIKE pattern
// (1 binding: language_pattern(code)). A follow without languages (NULL or empty) lets all in;
// a status without a language always comes in, so the caller leaves this out for those.
inline constexpr const char* follow_takes_language =
    "(f.languages IS NULL OR f.languages = '' OR (',' || f.languages || ',') LIKE ?)";
inline std::string language_pattern(const std::string& code) {
    return "%," + code + ",%";
}

// Whether list `l` (a lists row) shows status `s` by its replies policy (no bindings). As in
// Mastodon: what is not a reply, a reply to its own author's thread and a reply to the list's
// owner are always shown; then `followed` shows replies to the accounts the owner follows, `list`
// replies to the list's members, `none` no other reply.
inline constexpr const char* list_shows_reply =
    "(s.in_reply_to_account_id IS NULL OR s.in_reply_to_account_id = s.account_id "
    "OR s.in_reply_to_account_id = l.account_id "
    "OR (l.replies_policy = 'followed' AND EXISTS (SELECT 1 FROM follows rf WHERE "
    "rf.account_id = l.account_id AND rf.target_account_id = s.in_reply_to_account_id)) "
    "OR (l.replies_policy = 'list' AND EXISTS (SELECT 1 FROM list_accounts rl WHERE "
    "rl.list_id = l.id AND rl.account_id = s.in_reply_to_account_id)))";

} // namespace agora::store::feed_rules
